// minima: the command-line tool. Thin: parse, call the library, hand the result to report.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"minima: continuous optimization"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
