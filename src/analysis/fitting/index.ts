export {
  levenbergMarquardt,
  isConverged,
  type LeastSquaresProblem,
  type LevenbergMarquardtOptions,
  type LevenbergMarquardtResult,
  type LevenbergMarquardtStatus,
} from './levenberg-marquardt';
export { covarianceFromJacobian, type CovarianceResult } from './covariance';
export { choleskyFactor, choleskySolve, choleskyInverse } from './cholesky';
