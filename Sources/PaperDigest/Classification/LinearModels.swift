import Foundation

/// Multinomial logistic regression: one weight vector per class, a softmax over the
/// scores, trained with L2 and per-class weights (so rare classes count as much as common
/// ones).
struct SoftmaxRegression: Sendable, Hashable {
    /// `classes × features`.
    var weights: [[Double]]
    var bias: [Double]

    /// - Parameters:
    ///   - l2: the penalty on the weights (not the biases), per example.
    ///   - classWeights: how much an example of each class counts; `nil` for balanced
    ///     weights (`n / (classes · n_c)`).
    ///   - sparse: optional further features per row, sparse (`sparseWidth` columns after
    ///     the dense ones, penalised by `sparseL2`); their weights follow the dense ones in
    ///     `weights`.
    ///   - rowWeights: how much each row counts beside its class weight (all 1 when `nil`).
    static func fit(
        _ x: Matrix, labels: [Int], classes: Int, l2: Double, classWeights: [Double]? = nil,
        sparse: [SparseVector] = [], sparseWidth: Int = 0, sparseL2: Double = 0, rowWeights: [Double]? = nil
    ) -> SoftmaxRegression {
        precondition(sparse.isEmpty || sparse.count == x.rows, "one sparse row per dense row")
        precondition(rowWeights == nil || rowWeights!.count == x.rows, "one weight per row")
        let n = x.rows
        let dense = x.columns
        // Parameters per class: dense weights, sparse weights, bias.
        let d = dense + sparseWidth
        let weightOf: [Double] = classWeights ?? {
            var counts = [Double](repeating: 0, count: classes)
            for label in labels { counts[label] += 1 }
            return counts.map { $0 > 0 ? Double(n) / (Double(classes) * $0) : 0 }
        }()
        let rowWeight = rowWeights ?? [Double](repeating: 1, count: n)
        let totalWeight = labels.indices.reduce(0) { $0 + weightOf[labels[$1]] * rowWeight[$1] }
        let parameters = classes * (d + 1)
        let solution = LBFGS().minimize(from: [Double](repeating: 0, count: parameters)) { theta, gradient in
            for i in 0..<parameters { gradient[i] = 0 }
            var loss = 0.0
            var scores = [Double](repeating: 0, count: classes)
            x.values.withUnsafeBufferPointer { xs in
                theta.withUnsafeBufferPointer { t in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<n {
                            let base = i * dense
                            for c in 0..<classes {
                                var sum = t[c * (d + 1) + d]
                                let wc = c * (d + 1)
                                for j in 0..<dense { sum += t[wc + j] * xs[base + j] }
                                if !sparse.isEmpty {
                                    let row = sparse[i]
                                    for (k, j) in row.indices.enumerated() { sum += t[wc + dense + j] * row.values[k] }
                                }
                                scores[c] = sum
                            }
                            let top = scores.max()!
                            var z = 0.0
                            for c in 0..<classes { scores[c] = exp(scores[c] - top); z += scores[c] }
                            let w = weightOf[labels[i]] * rowWeight[i] / totalWeight
                            loss -= w * log(max(scores[labels[i]] / z, 1e-300))
                            for c in 0..<classes {
                                let residual = w * (scores[c] / z - (c == labels[i] ? 1 : 0))
                                if residual == 0 { continue }
                                let wc = c * (d + 1)
                                for j in 0..<dense { g[wc + j] += residual * xs[base + j] }
                                if !sparse.isEmpty {
                                    let row = sparse[i]
                                    for (k, j) in row.indices.enumerated() { g[wc + dense + j] += residual * row.values[k] }
                                }
                                g[wc + d] += residual
                            }
                        }
                    }
                }
            }
            for c in 0..<classes {
                for j in 0..<d {
                    let k = c * (d + 1) + j
                    let penalty = j < dense ? l2 : sparseL2
                    loss += 0.5 * penalty * theta[k] * theta[k]
                    gradient[k] += penalty * theta[k]
                }
            }
            return loss
        }
        return SoftmaxRegression(
            weights: (0..<classes).map { c in Array(solution[(c * (d + 1))..<(c * (d + 1) + d)]) },
            bias: (0..<classes).map { c in solution[c * (d + 1) + d] })
    }

    func scores<C: Collection>(_ features: C) -> [Double] where C.Element == Double {
        weights.indices.map { c in zip(weights[c], features).reduce(bias[c]) { $0 + $1.0 * $1.1 } }
    }

    func probabilities<C: Collection>(_ features: C) -> [Double] where C.Element == Double {
        Self.softmax(scores(features))
    }

    static func softmax(_ scores: [Double]) -> [Double] {
        let top = scores.max() ?? 0
        let e = scores.map { exp($0 - top) }
        let z = e.reduce(0, +)
        return e.map { $0 / z }
    }
}

/// Binary logistic regression with L2, optionally with balanced class weights.
struct LogisticRegression: Sendable, Hashable {
    var weights: [Double]
    var bias: Double

    /// - Parameters:
    ///   - sparse: optional sparse features after the dense ones (see
    ///     `SoftmaxRegression.fit`); their weights follow the dense ones in `weights`.
    ///   - rowWeights: how much each row counts beside its class weight (all 1 when `nil`);
    ///     balanced class weights count rows, not their weights.
    static func fit(
        _ x: Matrix, labels: [Bool], l2: Double, balanced: Bool = true,
        sparse: [SparseVector] = [], sparseWidth: Int = 0, sparseL2: Double = 0, rowWeights: [Double]? = nil
    ) -> LogisticRegression {
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            // One class only: a constant answer.
            return LogisticRegression(weights: Array(repeating: 0, count: x.columns + sparseWidth), bias: positives > 0 ? 8 : -8)
        }
        let n = Double(labels.count)
        let weightOf = balanced
            ? (positive: n / (2 * Double(positives)), negative: n / (2 * Double(negatives)))
            : (positive: 1.0, negative: 1.0)
        // Two softmax classes are one logistic with w = w₁ − w₀; at the optimum w₀ = −w₁, so
        // a penalty λ′/2 (‖w₀‖² + ‖w₁‖²) is λ′/4 ‖w‖²: λ′ = 2λ gives the usual λ/2 ‖w‖².
        let soft = SoftmaxRegression.fit(
            x, labels: labels.map { $0 ? 1 : 0 }, classes: 2, l2: 2 * l2,
            classWeights: [weightOf.negative, weightOf.positive],
            sparse: sparse, sparseWidth: sparseWidth, sparseL2: 2 * sparseL2, rowWeights: rowWeights)
        return LogisticRegression(
            weights: zip(soft.weights[1], soft.weights[0]).map { $0 - $1 }, bias: soft.bias[1] - soft.bias[0])
    }

    func score<C: Collection>(_ features: C) -> Double where C.Element == Double {
        zip(weights, features).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    func probability<C: Collection>(_ features: C) -> Double where C.Element == Double {
        1 / (1 + exp(-score(features)))
    }
}

/// Linear least squares with an L2 penalty, solved in closed form.
struct RidgeRegression: Sendable, Hashable {
    var weights: [Double]
    var bias: Double

    /// - Parameter l2: the penalty λ in `‖y − Xw − b‖² + λ‖w‖²`.
    static func fit(_ x: Matrix, targets: [Double], l2: Double) -> RidgeRegression {
        let n = Double(x.rows)
        let d = x.columns
        let meanY = targets.reduce(0, +) / n
        var means = [Double](repeating: 0, count: d)
        for i in 0..<x.rows { for j in 0..<d { means[j] += x.values[i * d + j] } }
        for j in 0..<d { means[j] /= n }
        var centred = x
        for i in 0..<x.rows { for j in 0..<d { centred.values[i * d + j] -= means[j] } }
        var gram = centred.gram()
        for j in 0..<d { gram.values[j * d + j] += l2 }
        let rhs = centred.transposeTimes(targets.map { $0 - meanY })
        let w = gram.choleskySolve(rhs) ?? Array(repeating: 0, count: d)
        let bias = meanY - zip(w, means).reduce(0) { $0 + $1.0 * $1.1 }
        return RidgeRegression(weights: w, bias: bias)
    }

    func predict<C: Collection>(_ features: C) -> Double where C.Element == Double {
        zip(weights, features).reduce(bias) { $0 + $1.0 * $1.1 }
    }
}

// MARK: - Stored with single precision

// Weights are kept to Float precision (`quantized()`) and written as Float: the heads file
// stays small, and heads read back from it predict exactly as the ones just trained.

extension Double {
    /// The nearest value a Float holds.
    var singlePrecision: Double { Double(Float(self)) }
}

extension SoftmaxRegression: Codable {
    enum CodingKeys: String, CodingKey { case weights, bias }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weights = try container.decode([[Float]].self, forKey: .weights).map { $0.map(Double.init) }
        bias = try container.decode([Float].self, forKey: .bias).map(Double.init)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weights.map { $0.map(Float.init) }, forKey: .weights)
        try container.encode(bias.map(Float.init), forKey: .bias)
    }

    func quantized() -> SoftmaxRegression {
        SoftmaxRegression(weights: weights.map { $0.map(\.singlePrecision) }, bias: bias.map(\.singlePrecision))
    }
}

/// A model that is one weight vector and a bias (logistic and ridge regression), stored
/// with single precision.
protocol LinearModel: Codable {
    var weights: [Double] { get }
    var bias: Double { get }
    init(weights: [Double], bias: Double)
}

private enum LinearModelKeys: String, CodingKey { case weights, bias }

extension LinearModel {
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: LinearModelKeys.self)
        self.init(
            weights: try container.decode([Float].self, forKey: .weights).map(Double.init),
            bias: Double(try container.decode(Float.self, forKey: .bias)))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: LinearModelKeys.self)
        try container.encode(weights.map(Float.init), forKey: .weights)
        try container.encode(Float(bias), forKey: .bias)
    }

    func quantized() -> Self {
        Self(weights: weights.map(\.singlePrecision), bias: bias.singlePrecision)
    }
}

extension LogisticRegression: LinearModel {}
extension RidgeRegression: LinearModel {}
