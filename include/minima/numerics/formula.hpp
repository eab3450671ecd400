// The formula language: arithmetic expressions typed by a person ("100*(y-x^2)^2 + (1-x)^2"),
// parsed once into a flat postfix program and evaluated many times on doubles or on dual numbers
// (so an Objective built from a formula has an exact gradient and Hessian).
//
// Grammar (precedence climbing by recursive descent; Aho, Lam, Sethi & Ullman, "Compilers" 2nd ed.,
// §2.4–2.5 and §4.4; postfix code for a stack machine §2.8):
//   expression := term (('+' | '-') term)*
//   term       := unary (('*' | '/') unary)*
//   unary      := ('-' | '+') unary | power
//   power      := primary ('^' unary)?            right-associative, binds tighter than unary minus:
//                                                 -x^2 = -(x^2), 2^3^2 = 2^9, 2^-1 = 0.5
//   primary    := number | name | name '(' expression (',' expression)* ')' | '(' expression ')'
// Numbers are C literals (1, 1.5, .5, 1., 1e-3, 2.5E+4, hex floats 0x1.8p1). Names are
// [A-Za-z_][A-Za-z0-9_]*: variables, the constants pi and e (unless listed as variables), or
// functions: exp log log10 log2 log1p expm1 sqrt cbrt sin cos tan asin acos atan sinh cosh tanh
// abs erf erfc (one argument), min max atan2 hypot pow (two).
//
// Identifiers are either parameters (the variables of the Objective, differentiated) or data inputs
// (constants per evaluation, e.g. the columns of a CSV row in curve fitting:
// Formula::parse("a*exp(-b*t)", {"a","b"}, {"t"})).
//
// A Formula is immutable after parse(): evaluate() may run on many threads at once.
//
// Constant subexpressions are folded at parse time; x^c with a constant c compiles to a power with a
// fixed exponent, so x^2 at x < 0 has the right derivative on duals. Evaluation never throws on
// numbers: log(-1) is NaN, 1/0 is Inf. Malformed text throws FormulaParseError (a ParseError)
// with the 1-based column: "position 7: expected ')' to close '(' at position 3, found end of
// formula".
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"
#include "minima/numerics/dual.hpp"

namespace minima {

/// A ParseError that also carries the 1-based column of the problem in the formula text.
class FormulaParseError : public ParseError {
 public:
  FormulaParseError(std::size_t position, const std::string& message)
      : ParseError("position " + std::to_string(position) + ": " + message), position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

class Formula {
 public:
  /// One instruction of the postfix program.
  enum class Op : std::uint8_t {
    constant,   // push constant
    parameter,  // push params[index]
    data,       // push data[index]
    add,
    subtract,
    multiply,
    divide,
    negate,
    power,           // a^b, both from the stack
    power_constant,  // a^constant
    square,          // a^2
    exp,
    log,
    log10,
    log2,
    log1p,
    expm1,
    sqrt,
    cbrt,
    sin,
    cos,
    tan,
    asin,
    acos,
    atan,
    sinh,
    cosh,
    tanh,
    abs,
    erf,
    erfc,
    min,
    max,
    atan2,
    hypot
  };
  struct Instruction {
    Op op;
    std::int32_t index = 0;
    double constant = 0.0;
  };

  /// Parses `text`. Without `variables`, every name that is not a function or constant is a
  /// variable, in order of first appearance. With `variables`, they are exactly those (in that
  /// order; unused ones get zero derivative) and any other name is a FormulaParseError.
  /// Throws InvalidArgument for a bad `variables` list (duplicates, names that are not identifiers).
  static Formula parse(std::string_view text, std::optional<std::vector<std::string>> variables = {});
  /// The same with the variables given (lets callers write parse("x*y", {"y", "x"})).
  static Formula parse(std::string_view text, std::vector<std::string> variables) {
    return parse(text, std::optional<std::vector<std::string>>(std::move(variables)));
  }
  /// Parses with two kinds of names: `parameters` (the variables, differentiated) and `data` (inputs
  /// given per evaluation, never differentiated). Any other name is a FormulaParseError.
  static Formula parse(std::string_view text, std::vector<std::string> parameters,
                       std::vector<std::string> data);

  /// The parameters, in the order evaluate() expects them.
  const std::vector<std::string>& variables() const { return variables_; }
  /// The data inputs, in the order evaluate() expects them (empty unless given to parse).
  const std::vector<std::string>& data_names() const { return data_names_; }
  const std::string& text() const { return text_; }
  /// The compiled program (constant-folded postfix) and the stack depth it needs.
  const std::vector<Instruction>& code() const { return code_; }
  std::size_t stack_size() const { return stack_size_; }

  /// Value at `values` (one per variable). Throws InvalidArgument on a size mismatch or when the
  /// formula has data inputs (use the two-argument form).
  double evaluate(std::span<const double> values) const;
  double evaluate(std::initializer_list<double> values) const {
    return evaluate(std::span<const double>(values.begin(), values.size()));
  }
  double evaluate(std::span<const double> values, std::span<const double> data) const;
  /// Value on any scalar type with the usual arithmetic and math functions (double, Dual<...>).
  template <class T>
  T evaluate(std::span<const T> values, std::span<const double> data = {}) const;
  /// Evaluation on an Eigen column vector, so a Formula can be handed to autodiff() as a lambda.
  template <class T, int Rows>
  T operator()(const Eigen::Matrix<T, Rows, 1>& x) const {
    return evaluate<T>(std::span<const T>(x.data(), static_cast<std::size_t>(x.size())));
  }

  /// Value and exact gradient with respect to the parameters (into grad, one per variable) at one
  /// data row: a row of a least-squares Jacobian.
  double value_gradient(std::span<const double> values, std::span<const double> data,
                        std::span<double> grad) const;

  /// The Objective f(x) = formula(x): exact gradient and Hessian through dual numbers,
  /// DerivativeSource::autodiff, dimension = variables().size(). Throws InvalidArgument when the
  /// formula has data inputs (bind them with objective(data)) or no variables.
  Objective objective() const;
  /// The same with the data inputs fixed to `data`.
  Objective objective(std::span<const double> data) const;

 private:
  friend class FormulaParser;
  Formula() = default;  // only parse() makes formulas: an empty program has no value

  template <class T>
  T run(T* stack, std::span<const T> p, std::span<const double> d) const;
  void check_sizes(std::size_t n_values, std::size_t n_data) const;

  std::string text_;
  std::vector<std::string> variables_;
  std::vector<std::string> data_names_;
  std::vector<Instruction> code_;
  std::size_t stack_size_ = 0;
};

template <class T>
T Formula::evaluate(std::span<const T> values, std::span<const double> data) const {
  check_sizes(values.size(), data.size());
  // Plain numbers use a stack array; duals own heap memory anyway.
  constexpr std::size_t small = 32;
  if constexpr (std::is_arithmetic_v<T>) {
    if (stack_size_ <= small) {
      T stack[small];
      return run<T>(stack, values, data);
    }
  }
  std::vector<T> stack(stack_size_);
  return run<T>(stack.data(), values, data);
}

template <class T>
T Formula::run(T* stack, std::span<const T> p, std::span<const double> d) const {
  // Operations update the stack slots in place (duals then reuse their derivative memory). Unary
  // operations replace the top; binary ones pop b and replace a = stack[sp-1] by a∘b.
  std::size_t sp = 0;  // number of values on the stack
  const auto push_constant = [&](double c) {
    if constexpr (is_dual_v<T>) {
      stack[sp].value = typename T::Scalar(c);
      stack[sp].derivative.setZero();
    } else {
      stack[sp] = c;
    }
    ++sp;
  };
  const auto top = [&]() -> T& { return stack[sp - 1]; };
  for (const Instruction& in : code_) {
    switch (in.op) {
      case Op::constant:
        push_constant(in.constant);
        break;
      case Op::parameter:
        stack[sp++] = p[static_cast<std::size_t>(in.index)];
        break;
      case Op::data:
        push_constant(d[static_cast<std::size_t>(in.index)]);
        break;
      case Op::add:
        --sp;
        stack[sp - 1] += stack[sp];
        break;
      case Op::subtract:
        --sp;
        stack[sp - 1] -= stack[sp];
        break;
      case Op::multiply:
        --sp;
        stack[sp - 1] *= stack[sp];
        break;
      case Op::divide:
        --sp;
        stack[sp - 1] /= stack[sp];
        break;
      case Op::negate:
        top() = -std::move(top());
        break;
      case Op::power:
        --sp;
        stack[sp - 1] = pow(std::move(stack[sp - 1]), std::move(stack[sp]));
        break;
      case Op::power_constant:
        top() = pow(std::move(top()), in.constant);
        break;
      case Op::square:
        top() *= top();
        break;
      case Op::exp:
        top() = exp(std::move(top()));
        break;
      case Op::log:
        top() = log(std::move(top()));
        break;
      case Op::log10:
        top() = log10(std::move(top()));
        break;
      case Op::log2:
        top() = log2(std::move(top()));
        break;
      case Op::log1p:
        top() = log1p(std::move(top()));
        break;
      case Op::expm1:
        top() = expm1(std::move(top()));
        break;
      case Op::sqrt:
        top() = sqrt(std::move(top()));
        break;
      case Op::cbrt:
        top() = cbrt(std::move(top()));
        break;
      case Op::sin:
        top() = sin(std::move(top()));
        break;
      case Op::cos:
        top() = cos(std::move(top()));
        break;
      case Op::tan:
        top() = tan(std::move(top()));
        break;
      case Op::asin:
        top() = asin(std::move(top()));
        break;
      case Op::acos:
        top() = acos(std::move(top()));
        break;
      case Op::atan:
        top() = atan(std::move(top()));
        break;
      case Op::sinh:
        top() = sinh(std::move(top()));
        break;
      case Op::cosh:
        top() = cosh(std::move(top()));
        break;
      case Op::tanh:
        top() = tanh(std::move(top()));
        break;
      case Op::abs:
        top() = abs(std::move(top()));
        break;
      case Op::erf:
        top() = erf(std::move(top()));
        break;
      case Op::erfc:
        top() = erfc(std::move(top()));
        break;
      // min/max keep one operand whole (ties: the first), so derivatives follow that branch.
      case Op::min:
        --sp;
        if (stack[sp] < stack[sp - 1]) stack[sp - 1] = std::move(stack[sp]);
        break;
      case Op::max:
        --sp;
        if (stack[sp - 1] < stack[sp]) stack[sp - 1] = std::move(stack[sp]);
        break;
      case Op::atan2:
        --sp;
        stack[sp - 1] = atan2(stack[sp - 1], stack[sp]);
        break;
      case Op::hypot:
        --sp;
        stack[sp - 1] = hypot(stack[sp - 1], stack[sp]);
        break;
    }
  }
  return std::move(stack[0]);
}

}  // namespace minima
