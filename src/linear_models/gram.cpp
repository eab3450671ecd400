#include "gram.hpp"

#include <algorithm>

namespace minima::detail {

void centered_gram(const Matrix& x, const Vector& x_mean, const Vector& x_scale, const Vector& yc,
                   Matrix& gram, Vector& rhs) {
  const Index n = x.rows(), p = x.cols();
  gram.setZero(p, p);
  rhs.setZero(p);
  constexpr Index kRows = 1024;
  Matrix block;
  for (Index start = 0; start < n; start += kRows) {
    const Index rows = std::min(kRows, n - start);
    block = (x.middleRows(start, rows).rowwise() - x_mean.transpose()).array().rowwise() /
            x_scale.transpose().array();
    gram.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
    rhs.noalias() += block.transpose() * yc.segment(start, rows);
  }
}

}  // namespace minima::detail
