// The two error channels (STYLE lesson 8): programming errors (bad settings, a method that
// cannot handle the problem) throw minima::InvalidArgument at the API boundary; numerical outcomes
// are a Status in the Result and never throw. Parse errors of formulas and files throw ParseError
// with the position.
#pragma once

#include <stdexcept>
#include <string>

namespace minima {

/// A setting, argument or problem definition that is wrong before anything is evaluated.
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Malformed text input (formula, data file); the message names the position or line.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace minima
