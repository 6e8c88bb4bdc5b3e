/// Limited-memory BFGS with a backtracking line search: minimises the smooth, convex
/// losses of the heads. Deterministic: the same start gives the same answer.
struct LBFGS: Sendable {
    var memory = 10
    var maxIterations = 500
    /// Stop when the gradient's largest component is below this.
    var gradientTolerance = 1e-6
    /// Stop when the loss improves by less than this, relatively.
    var relativeTolerance = 1e-10

    /// The minimiser of `objective`, which returns the loss at `x` and writes its gradient.
    func minimize(from start: [Double], _ objective: ([Double], inout [Double]) -> Double) -> [Double] {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var loss = objective(x, &gradient)
        var s: [[Double]] = []
        var y: [[Double]] = []
        var rho: [Double] = []

        for _ in 0..<maxIterations {
            if gradient.lazy.map(abs).max() ?? 0 < gradientTolerance { break }
            // Two-loop recursion: direction = -H·g.
            var q = gradient
            var alpha = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[k] = rho[k] * dot(s[k], q)
                axpy(-alpha[k], y[k], &q)
            }
            if let last = s.indices.last {
                let scale = dot(s[last], y[last]) / dot(y[last], y[last])
                for i in 0..<n { q[i] *= scale }
            } else {
                let norm = dot(gradient, gradient).squareRoot()
                for i in 0..<n { q[i] /= max(norm, 1) }
            }
            for k in 0..<s.count {
                let beta = rho[k] * dot(y[k], q)
                axpy(alpha[k] - beta, s[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(direction, gradient)
            if slope >= 0 {   // not a descent direction: restart from the gradient
                s.removeAll(); y.removeAll(); rho.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            // Backtracking (Armijo).
            var step = 1.0
            var candidate = x
            var candidateGradient = gradient
            var candidateLoss = loss
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<n { candidate[i] = x[i] + step * direction[i] }
                candidateLoss = objective(candidate, &candidateGradient)
                if candidateLoss <= loss + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }
            var sk = [Double](repeating: 0, count: n)
            var yk = [Double](repeating: 0, count: n)
            for i in 0..<n {
                sk[i] = candidate[i] - x[i]
                yk[i] = candidateGradient[i] - gradient[i]
            }
            let sy = dot(sk, yk)
            if sy > 1e-12 {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let improvement = loss - candidateLoss
            x = candidate
            gradient = candidateGradient
            loss = candidateLoss
            if improvement <= relativeTolerance * max(abs(loss), 1) { break }
        }
        return x
    }

    @inline(__always)
    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    @inline(__always)
    private func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<x.count { y[i] += a * x[i] }
    }
}
