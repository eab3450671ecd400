// The formula parser (recursive descent emitting postfix code directly, with constant folding)
// and the Objective built on it. Grammar and references in include/minima/numerics/formula.hpp.
#include "minima/numerics/formula.hpp"

#include <array>
#include <charconv>
#include <memory>
#include <numbers>
#include <string>
#include <unordered_map>
#include <system_error>
#include <utility>

#include "minima/numerics/autodiff.hpp"

namespace minima {

namespace {

struct FunctionInfo {
  std::string_view name;
  Formula::Op op;
  int arity;
};

constexpr std::array<FunctionInfo, 25> kFunctions = {{
    {"exp", Formula::Op::exp, 1},   {"log", Formula::Op::log, 1},     {"log10", Formula::Op::log10, 1},
    {"log2", Formula::Op::log2, 1}, {"log1p", Formula::Op::log1p, 1}, {"expm1", Formula::Op::expm1, 1},
    {"sqrt", Formula::Op::sqrt, 1}, {"cbrt", Formula::Op::cbrt, 1},   {"sin", Formula::Op::sin, 1},
    {"cos", Formula::Op::cos, 1},   {"tan", Formula::Op::tan, 1},     {"asin", Formula::Op::asin, 1},
    {"acos", Formula::Op::acos, 1}, {"atan", Formula::Op::atan, 1},   {"sinh", Formula::Op::sinh, 1},
    {"cosh", Formula::Op::cosh, 1}, {"tanh", Formula::Op::tanh, 1},   {"abs", Formula::Op::abs, 1},
    {"erf", Formula::Op::erf, 1},   {"erfc", Formula::Op::erfc, 1},   {"min", Formula::Op::min, 2},
    {"max", Formula::Op::max, 2},   {"atan2", Formula::Op::atan2, 2}, {"hypot", Formula::Op::hypot, 2},
    {"pow", Formula::Op::power, 2},
}};

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

std::optional<double> find_constant(std::string_view name) {
  if (name == "pi") return std::numbers::pi;
  if (name == "e") return std::numbers::e;
  return std::nullopt;
}

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || is_digit(c);
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !is_identifier_start(s[0])) return false;
  for (char c : s)
    if (!is_identifier_char(c)) return false;
  return true;
}

// Lists the names for messages: "x, y".
std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

struct Token {
  enum class Kind { number, name, symbol, end } kind;
  std::string_view text;
  std::size_t position;  // 1-based column
  double number = 0.0;
};

// Makes the next token from text[i...]; i is a 0-based byte offset.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    while (i_ < text_.size() &&
           (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' || text_[i_] == '\r'))
      ++i_;
    const std::size_t start = i_;
    if (i_ == text_.size()) return {Token::Kind::end, {}, start + 1};
    const char c = text_[i_];
    if (is_digit(c) || (c == '.' && i_ + 1 < text_.size() && is_digit(text_[i_ + 1]))) return number();
    if (is_identifier_start(c)) {
      while (i_ < text_.size() && is_identifier_char(text_[i_])) ++i_;
      return {Token::Kind::name, text_.substr(start, i_ - start), start + 1};
    }
    if (c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == '(' || c == ')' || c == ',') {
      ++i_;
      return {Token::Kind::symbol, text_.substr(start, 1), start + 1};
    }
    throw FormulaParseError(start + 1, "unexpected character '" + std::string(1, c) + "'");
  }

 private:
  // C floating literals: decimal digits[.digits][(e|E)[+-]digits] or .digits..., and hexadecimal
  // 0x hexdigits[.hexdigits][(p|P)[+-]digits].
  Token number() {
    const std::size_t start = i_;
    const bool hex =
        text_[i_] == '0' && i_ + 1 < text_.size() && (text_[i_ + 1] == 'x' || text_[i_ + 1] == 'X');
    const auto digits = [&](bool (*accept)(char)) {
      std::size_t count = 0;
      while (i_ < text_.size() && accept(text_[i_])) ++i_, ++count;
      return count;
    };
    std::size_t mantissa_digits = 0;
    if (hex) {
      i_ += 2;
      mantissa_digits += digits(is_hex_digit);
      if (i_ < text_.size() && text_[i_] == '.') ++i_, mantissa_digits += digits(is_hex_digit);
    } else {
      mantissa_digits += digits(is_digit);
      if (i_ < text_.size() && text_[i_] == '.') ++i_, mantissa_digits += digits(is_digit);
    }
    const char exponent_mark = hex ? 'p' : 'e';
    bool bad = mantissa_digits == 0;
    if (i_ < text_.size() && (text_[i_] == exponent_mark || text_[i_] == exponent_mark - 'a' + 'A')) {
      ++i_;
      if (i_ < text_.size() && (text_[i_] == '+' || text_[i_] == '-')) ++i_;
      if (digits(is_digit) == 0) bad = true;
    }
    // A literal runs into a name or another dot: "2x", "1e", "1.2.3" are not numbers.
    while (i_ < text_.size() && (is_identifier_char(text_[i_]) || text_[i_] == '.')) ++i_, bad = true;
    const std::string_view literal = text_.substr(start, i_ - start);
    if (bad) throw FormulaParseError(start + 1, "malformed number '" + std::string(literal) + "'");

    double value = 0.0;
    const char* first = literal.data() + (hex ? 2 : 0);
    const char* last = literal.data() + literal.size();
    const auto [ptr, ec] =
        std::from_chars(first, last, value, hex ? std::chars_format::hex : std::chars_format::general);
    if (ec == std::errc::result_out_of_range)
      throw FormulaParseError(start + 1,
                              "number '" + std::string(literal) + "' is out of the range of double");
    if (ec != std::errc() || ptr != last)
      throw FormulaParseError(start + 1, "malformed number '" + std::string(literal) + "'");
    return {Token::Kind::number, literal, start + 1, value};
  }

  std::string_view text_;
  std::size_t i_ = 0;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::end:
      return "end of formula";
    case Token::Kind::number:
      return "number '" + std::string(t.text) + "'";
    case Token::Kind::name:
      return "'" + std::string(t.text) + "'";
    case Token::Kind::symbol:
      return "'" + std::string(t.text) + "'";
  }
  return {};
}

// Operands and results of each instruction, for the stack depth.
int pops(Formula::Op op) {
  using Op = Formula::Op;
  switch (op) {
    case Op::constant:
    case Op::parameter:
    case Op::data:
      return 0;
    case Op::add:
    case Op::subtract:
    case Op::multiply:
    case Op::divide:
    case Op::power:
    case Op::min:
    case Op::max:
    case Op::atan2:
    case Op::hypot:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

// Recursive descent that appends postfix instructions as it goes. Each parse_* returns the index in
// code_ where its subexpression starts, so the emitter can see whether operands are constants.
class FormulaParser {
 public:
  // Deeper nesting would risk the call stack (bad input never crashes).
  static constexpr int kMaxDepth = 500;

  FormulaParser(std::string_view text, Formula& f, bool fixed_names)
      : lexer_(text), f_(f), fixed_(fixed_names) {
    advance();
  }

  void parse() {
    if (token_.kind == Token::Kind::end) throw FormulaParseError(token_.position, "empty formula");
    parse_expression();
    if (token_.kind != Token::Kind::end) {
      if (token_.text == ")") throw FormulaParseError(token_.position, "unmatched ')'");
      throw FormulaParseError(token_.position,
                              "unexpected " + describe(token_) + " after a complete expression");
    }
  }

 private:
  using Op = Formula::Op;

  void advance() {
    previous_ = token_;
    token_ = lexer_.next();
  }
  bool at(std::string_view symbol) const {
    return token_.kind == Token::Kind::symbol && token_.text == symbol;
  }

  struct DepthGuard {
    explicit DepthGuard(FormulaParser& p) : p_(p) {
      if (++p_.depth_ > kMaxDepth)
        throw FormulaParseError(p_.token_.position,
                                "formula nested deeper than " + std::to_string(kMaxDepth / 2) +
                                    " levels of parentheses, signs or powers");
    }
    ~DepthGuard() { --p_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    FormulaParser& p_;
  };

  std::size_t parse_expression() {
    DepthGuard guard(*this);
    const std::size_t start = parse_term();
    while (at("+") || at("-")) {
      const Op op = token_.text == "+" ? Op::add : Op::subtract;
      advance();
      const std::size_t right = parse_term();
      emit_operation(op, {start, right});
    }
    return start;
  }

  std::size_t parse_term() {
    const std::size_t start = parse_unary();
    while (at("*") || at("/")) {
      const Op op = token_.text == "*" ? Op::multiply : Op::divide;
      advance();
      const std::size_t right = parse_unary();
      emit_operation(op, {start, right});
    }
    return start;
  }

  std::size_t parse_unary() {
    DepthGuard guard(*this);
    if (at("-")) {
      advance();
      const std::size_t start = parse_unary();
      emit_operation(Op::negate, {start});
      return start;
    }
    if (at("+")) {
      advance();
      return parse_unary();
    }
    return parse_power();
  }

  std::size_t parse_power() {
    const std::size_t start = parse_primary();
    if (at("^")) {
      advance();
      const std::size_t exponent = parse_unary();  // right-associative; allows 2^-1
      emit_operation(Op::power, {start, exponent});
    }
    return start;
  }

  std::size_t parse_primary() {
    const std::size_t start = f_.code_.size();
    const Token t = token_;
    switch (t.kind) {
      case Token::Kind::number:
        advance();
        f_.code_.push_back({Op::constant, 0, t.number});
        return start;
      case Token::Kind::name:
        advance();
        if (at("(")) return parse_call(t);
        emit_name(t);
        return start;
      case Token::Kind::symbol:
        if (t.text == "(") {
          advance();
          parse_expression();
          if (!at(")"))
            throw FormulaParseError(token_.position, "expected ')' to close '(' at position " +
                                                         std::to_string(t.position) + ", found " +
                                                         describe(token_));
          advance();
          return start;
        }
        break;
      case Token::Kind::end:
        break;
    }
    std::string message = "expected a number, a name or '(', found " + describe(t);
    if (t.text == "*" && previous_.text == "*")
      message += " ('**' is not an operator: write x^y for a power)";
    throw FormulaParseError(t.position, message);
  }

  std::size_t parse_call(const Token& name) {
    const std::size_t start = f_.code_.size();
    const FunctionInfo* fn = find_function(name.text);
    if (!fn) {
      if (find_index(f_.variables_, name.text) || find_index(f_.data_names_, name.text) || !fixed_)
        throw FormulaParseError(name.position, "unknown function '" + std::string(name.text) +
                                                   "' (for a product write '" + std::string(name.text) +
                                                   "*(...)')");
      throw FormulaParseError(name.position, "unknown function '" + std::string(name.text) + "'");
    }
    const Token open = token_;
    advance();  // '('
    std::vector<std::size_t> args;
    if (!at(")")) {
      args.push_back(parse_expression());
      while (at(",")) {
        advance();
        args.push_back(parse_expression());
      }
    }
    if (!at(")"))
      throw FormulaParseError(token_.position, "expected ')' to close '(' at position " +
                                                   std::to_string(open.position) + ", found " +
                                                   describe(token_));
    if (static_cast<int>(args.size()) != fn->arity)
      throw FormulaParseError(name.position, "function '" + std::string(fn->name) + "' takes " +
                                                 std::to_string(fn->arity) + " argument" +
                                                 (fn->arity == 1 ? "" : "s") + ", got " +
                                                 std::to_string(args.size()));
    advance();  // ')'
    emit_operation(fn->op, args);
    return start;
  }

  // Names are looked up through a hash index kept in step with the list (names are only appended):
  // a linear scan made a 40,000-variable formula take seconds to parse.
  struct NameIndex {
    std::unordered_map<std::string, std::size_t> map;
    std::optional<std::size_t> find(const std::vector<std::string>& names, std::string_view name) {
      for (std::size_t i = map.size(); i < names.size(); ++i) map.emplace(names[i], i);
      const auto it = map.find(std::string(name));
      if (it == map.end()) return std::nullopt;
      return it->second;
    }
  };
  NameIndex variable_index_, data_index_;
  std::optional<std::size_t> find_index(const std::vector<std::string>& names, std::string_view name) {
    return (&names == &f_.data_names_ ? data_index_ : variable_index_).find(names, name);
  }

  void emit_name(const Token& t) {
    if (const auto i = find_index(f_.variables_, t.text)) {
      f_.code_.push_back({Op::parameter, static_cast<std::int32_t>(*i), 0.0});
      return;
    }
    if (const auto i = find_index(f_.data_names_, t.text)) {
      f_.code_.push_back({Op::data, static_cast<std::int32_t>(*i), 0.0});
      return;
    }
    if (const auto c = find_constant(t.text)) {
      f_.code_.push_back({Op::constant, 0, *c});
      return;
    }
    if (find_function(t.text))
      throw FormulaParseError(token_.position, "expected '(' after function '" + std::string(t.text) +
                                                   "', found " + describe(token_));
    if (fixed_) {
      std::string known = "parameters: " + join(f_.variables_);
      if (!f_.data_names_.empty()) known += "; data: " + join(f_.data_names_);
      throw FormulaParseError(t.position, "unknown variable '" + std::string(t.text) + "' (" + known + ")");
    }
    f_.variables_.emplace_back(t.text);
    f_.code_.push_back({Op::parameter, static_cast<std::int32_t>(f_.variables_.size() - 1), 0.0});
  }

  bool is_constant_operand(std::size_t start, std::size_t end) const {
    return end == start + 1 && f_.code_[start].op == Op::constant;
  }

  // Appends `op` whose operands start at `starts` (in order; each runs to the next start, the
  // last to the end of the code). All-constant operands fold into one constant; a constant
  // exponent becomes power_constant (or square).
  void emit_operation(Op op, std::vector<std::size_t> starts) {
    auto& code = f_.code_;
    bool all_constant = true;
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : code.size();
      all_constant = all_constant && is_constant_operand(starts[k], end);
    }
    code.push_back({op, 0, 0.0});
    if (all_constant) {
      const std::size_t first = starts.front();
      const std::vector<Formula::Instruction> segment(code.begin() + static_cast<std::ptrdiff_t>(first),
                                                      code.end());
      double stack[2];
      Formula folded;
      folded.code_ = segment;
      const double value = folded.run<double>(stack, {}, {});
      code.resize(first);
      code.push_back({Op::constant, 0, value});
      return;
    }
    if (op == Op::power && is_constant_operand(starts[1], code.size() - 1)) {
      const double exponent = code[starts[1]].constant;
      code.resize(starts[1]);
      if (exponent == 2.0)
        code.push_back({Op::square, 0, 0.0});
      else
        code.push_back({Op::power_constant, 0, exponent});
    }
  }

  Lexer lexer_;
  Formula& f_;
  bool fixed_;
  Token token_{Token::Kind::end, {}, 0};
  Token previous_{Token::Kind::end, {}, 0};
  int depth_ = 0;
};

namespace {

void validate_names(const std::vector<std::string>& names, std::string_view what,
                    const std::vector<std::string>& others = {}) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_identifier(names[i]))
      throw InvalidArgument("Formula::parse: " + std::string(what) + " name '" + names[i] +
                            "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
    if (find_function(names[i]))
      throw InvalidArgument("Formula::parse: " + std::string(what) + " name '" + names[i] +
                            "' is a function");
    for (std::size_t j = 0; j < i; ++j)
      if (names[j] == names[i])
        throw InvalidArgument("Formula::parse: " + std::string(what) + " '" + names[i] + "' is listed twice");
    for (const std::string& o : others)
      if (o == names[i])
        throw InvalidArgument("Formula::parse: '" + names[i] + "' is both a parameter and a data input");
  }
}

std::size_t required_stack(const std::vector<Formula::Instruction>& code) {
  std::size_t sp = 0, most = 0;
  for (const Formula::Instruction& in : code) {
    sp = sp - static_cast<std::size_t>(pops(in.op)) + 1;
    most = std::max(most, sp);
  }
  return most;
}

}  // namespace

Formula Formula::parse(std::string_view text, std::optional<std::vector<std::string>> variables) {
  Formula f;
  f.text_ = std::string(text);
  const bool fixed = variables.has_value();
  if (fixed) {
    validate_names(*variables, "variable");
    f.variables_ = std::move(*variables);
  }
  FormulaParser(text, f, fixed).parse();
  f.stack_size_ = required_stack(f.code_);
  return f;
}

Formula Formula::parse(std::string_view text, std::vector<std::string> parameters,
                       std::vector<std::string> data) {
  validate_names(parameters, "parameter");
  validate_names(data, "data", parameters);
  Formula f;
  f.text_ = std::string(text);
  f.variables_ = std::move(parameters);
  f.data_names_ = std::move(data);
  FormulaParser(text, f, true).parse();
  f.stack_size_ = required_stack(f.code_);
  return f;
}

void Formula::check_sizes(std::size_t n_values, std::size_t n_data) const {
  if (n_values != variables_.size())
    throw InvalidArgument("Formula::evaluate: " + std::to_string(n_values) +
                          " values given, the formula has " + std::to_string(variables_.size()) +
                          " variables (" + join(variables_) + ")");
  if (n_data != data_names_.size())
    throw InvalidArgument("Formula::evaluate: " + std::to_string(n_data) +
                          " data values given, the formula has " + std::to_string(data_names_.size()) +
                          " data inputs (" + join(data_names_) + ")");
}

double Formula::evaluate(std::span<const double> values) const {
  return evaluate<double>(values, {});
}

double Formula::evaluate(std::span<const double> values, std::span<const double> data) const {
  return evaluate<double>(values, data);
}

namespace {

// Runs body.template operator()<K>() with the derivative size K = n compiled in for the smallest n
// (a formula indexes its variables at run time, so the other sizes' code is merely unused), and
// K = Eigen::Dynamic otherwise.
template <class Body>
decltype(auto) with_fixed_size(Index n, Body&& body) {
  switch (n) {
    case 1:
      return body.template operator()<1>();
    case 2:
      return body.template operator()<2>();
    case 3:
      return body.template operator()<3>();
    case 4:
      return body.template operator()<4>();
    default:
      return body.template operator()<Eigen::Dynamic>();
  }
}

}  // namespace

double Formula::value_gradient(std::span<const double> values, std::span<const double> data,
                               std::span<double> grad) const {
  const Index n = static_cast<Index>(variables_.size());
  check_sizes(values.size(), data.size());
  if (grad.size() != values.size())
    throw InvalidArgument("Formula::value_gradient: gradient has " + std::to_string(grad.size()) +
                          " entries, expected " + std::to_string(values.size()));
  const auto run = [&]<class D>() {
    std::vector<D> x(values.size());
    for (Index i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      x[k] = D::variable(values[k], i, n);
    }
    const D r = evaluate<D>(std::span<const D>(x), data);
    for (Index i = 0; i < n; ++i)
      grad[static_cast<std::size_t>(i)] = r.derivative.size() == n ? r.derivative[i] : 0.0;
    return r.value;
  };
  return with_fixed_size(n, [&]<int K>() {
    using autodiff_detail::Gradient;
    if constexpr (K != Eigen::Dynamic) return run.template operator()<Gradient<K>>();
    // Derivatives inline (no heap) for the usual handful of parameters.
    if (n <= autodiff_detail::kInlineGradient)
      return run.template operator()<Gradient<Eigen::Dynamic, autodiff_detail::kInlineGradient>>();
    return run.template operator()<Gradient<Eigen::Dynamic>>();
  });
}

Objective Formula::objective() const {
  if (!data_names_.empty())
    throw InvalidArgument("Formula::objective: the formula has data inputs (" + join(data_names_) +
                          "); give their values with objective(data)");
  return objective(std::span<const double>{});
}

Objective Formula::objective(std::span<const double> data) const {
  if (variables_.empty())
    throw InvalidArgument("Formula::objective: the formula '" + text_ + "' has no variables");
  if (data.size() != data_names_.size())
    throw InvalidArgument("Formula::objective: " + std::to_string(data.size()) +
                          " data values given, the formula has " + std::to_string(data_names_.size()) +
                          " data inputs (" + join(data_names_) + ")");
  // Shared, immutable: copies of the Objective do not copy the program.
  auto self = std::make_shared<const Formula>(*this);
  auto row = std::make_shared<const std::vector<double>>(data.begin(), data.end());
  const auto f = [self, row](const auto& x) {
    using S = std::decay_t<decltype(x[0])>;
    return self->evaluate<S>(std::span<const S>(x.data(), static_cast<std::size_t>(x.size())), *row);
  };
  auto value_gradient = [f](const Vector& x, Vector* grad) -> double {
    if (!grad) return f(x);
    return with_fixed_size(x.size(), [&]<int K>() {
      if constexpr (K != Eigen::Dynamic)
        return autodiff_detail::value_gradient<autodiff_detail::Gradient<K>>(f, x, *grad);
      else
        return autodiff_detail::gradient_any_size<Eigen::Dynamic>(f, x, *grad);
    });
  };
  auto hessian = [f](const Vector& x, Matrix& hess) {
    with_fixed_size(x.size(), [&]<int K>() {
      if constexpr (K != Eigen::Dynamic)
        autodiff_detail::value_gradient_hessian<autodiff_detail::Hessian<K>>(f, x, nullptr, hess);
      else
        autodiff_detail::hessian_any_size<Eigen::Dynamic>(f, x, nullptr, hess);
    });
  };
  return Objective(std::move(value_gradient), static_cast<Index>(variables_.size()), std::move(hessian),
                   DerivativeSource::autodiff, DerivativeSource::autodiff);
}

}  // namespace minima
