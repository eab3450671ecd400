// Linear-algebra aliases used throughout minima: dense, double precision, Eigen 3.4.
#pragma once

#include <Eigen/Dense>

namespace minima {

using Index = Eigen::Index;
using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;

}  // namespace minima
