// minima: the command-line tool. Thin: parse, call the library, hand the result to report.
// Errors are one line on stderr ("minima: error: ...") and a non-zero exit (see cli_common.hpp).
#include <exception>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli_common.hpp"
#include "minima/core/error.hpp"

int main(int argc, char** argv) {
  using namespace minima::cli;
  CLI::App app{"minima: continuous optimization (local, least squares, constrained, black-box)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "minima 0.1.0");
  add_minimize_command(app);
  add_lsq_command(app);
  add_regress_command(app);
  add_blackbox_command(app);
  add_vae_command(app);
  add_list_commands(app);
  add_reproduce_command(app);
  add_demo_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "minima: error: " << e.what() << " (see minima --help)\n";
    return kUsage;
  } catch (const UsageError& e) {
    std::cerr << "minima: error: " << e.what() << "\n";
    return kUsage;
  } catch (const minima::InvalidArgument& e) {
    std::cerr << "minima: error: " << e.what() << "\n";
    return kUsage;
  } catch (const minima::ParseError& e) {
    std::cerr << "minima: error: " << e.what() << "\n";
    return kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "minima: error: out of memory (a smaller --population, --dim or data set may fit)\n";
    return kFailed;
  } catch (const std::exception& e) {
    std::cerr << "minima: error: " << e.what() << "\n";
    return kFailed;
  }
  return exit_status();
}
