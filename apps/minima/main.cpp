// minima: the command-line tool. Thin: parse, call the library, hand the result to report.
// Errors are one line on stderr ("minima: error: ...") and a non-zero exit (see cli_common.hpp).
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli_common.hpp"
#include "cli_mpi.hpp"
#include "minima/core/error.hpp"
#include "minima/version.hpp"

namespace {

// Under mpirun only rank 0 prints; a rank whose set-up failed alone tells the others first.
int fail(const std::string& message, int code) {
  minima::cli::mpi_report_setup_error(message);
  if (!minima::cli::mpi_worker()) std::cerr << "minima: error: " << message << "\n";
  return code;
}

// The subcommand's name: the first argument that is not an option ("" when none).
std::string subcommand_name(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace minima::cli;
  CLI::App app{"minima: continuous optimization (local, least squares, constrained, black-box)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("minima ") + minima::version);
  add_minimize_command(app);
  add_lsq_command(app);
  add_regress_command(app);
  add_blackbox_command(app);
  add_vae_command(app);
  add_list_commands(app);
  add_reproduce_command(app);
  add_demo_command(app);
  minima::cli::MpiForProcess mpi;  // MPI_Init .. MPI_Finalize under mpirun
  try {
    check_mpi_subcommand(subcommand_name(argc, argv));
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(std::string(e.what()) + " (see minima --help)", kUsage);
  } catch (const UsageError& e) {
    return fail(e.what(), kUsage);
  } catch (const minima::InvalidArgument& e) {
    return fail(e.what(), kUsage);
  } catch (const minima::ParseError& e) {
    return fail(e.what(), kUsage);
  } catch (const std::bad_alloc&) {
    return fail("out of memory (a smaller --population, --dim or data set may fit)", kFailed);
  } catch (const std::exception& e) {
    return fail(e.what(), kFailed);
  }
  return exit_status();
}
