/* The sleeping objective of bench/mpi_scaling.py: reads a point (one line of numbers) on stdin,
   sleeps MS milliseconds (argv[1], default 10) like a simulation that waits, prints sum x_i^2. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  const double ms = argc > 1 ? atof(argv[1]) : 10.0;
  double x, f = 0.0;
  while (scanf("%lf", &x) == 1) f += x * x;
  if (ms > 0) {
    struct timespec t = {(time_t)(ms / 1000), (long)((ms - 1000 * (long)(ms / 1000)) * 1e6)};
    nanosleep(&t, NULL);
  }
  printf("%.17g\n", f);
  return 0;
}
