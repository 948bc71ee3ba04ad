import TensorCore

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Adam, or AdamW with `decoupledWeightDecay`, as PyTorch's `torch.optim.Adam` / `AdamW` (no amsgrad).
///
/// Each group's `momentum` is beta1 and `beta2` is beta2. Per parameter that is not frozen, with
/// its own step count `t` (as PyTorch keeps one per parameter, so a parameter frozen for a while
/// keeps its own bias correction):
/// Adam adds `wd * p` to the gradient, AdamW instead decays `p *= 1 - lr * wd` first; then
/// `m += (1 - beta1) * (g - m)`, `v = beta2 * v + (1 - beta2) * g * g`, and
/// `p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)`. The bias corrections
/// are computed in `Double` from the `Float` betas, as PyTorch computes them in Python floats.
public final class Adam: Optimizer {
    public let groups: [ParameterGroup]
    /// AdamW's decoupled weight decay instead of Adam's L2 term.
    public let decoupledWeightDecay: Bool
    /// `step()` calls so far (each parameter also keeps its own count, see `parameterSteps`).
    public internal(set) var stepCount = 0
    /// Steps taken by each parameter, per group.
    var parameterSteps: [[Int]]
    /// First and second moment estimates per group and parameter; empty until the first step.
    var firstMoments: [[Tensor]]
    var secondMoments: [[Tensor]]

    /// An optimizer over `groups`; each group's `momentum` is its beta1.
    public init(groups: [ParameterGroup], decoupledWeightDecay: Bool = false) {
        self.groups = groups
        self.decoupledWeightDecay = decoupledWeightDecay
        parameterSteps = groups.map { [Int](repeating: 0, count: $0.parameters.count) }
        firstMoments = groups.map { group in group.parameters.map { _ in Tensor(shape: [0]) } }
        secondMoments = firstMoments
    }

    /// One parameter group per layer group of `model`, named like it (PyTorch's defaults otherwise).
    public convenience init(model: Sequential, learningRate: Float = 1e-3, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0,
                            decoupledWeightDecay: Bool = false) {
        self.init(groups: ParameterGroup.groups(of: model, learningRate: learningRate, momentum: beta1,
                                                beta2: beta2, weightDecay: weightDecay, epsilon: epsilon),
                  decoupledWeightDecay: decoupledWeightDecay)
    }

    /// A single group named `all` over `parameters`.
    public convenience init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0,
                            decoupledWeightDecay: Bool = false) {
        self.init(groups: [ParameterGroup(name: "all", parameters: parameters, learningRate: learningRate,
                                          momentum: beta1, beta2: beta2, weightDecay: weightDecay,
                                          epsilon: epsilon)],
                  decoupledWeightDecay: decoupledWeightDecay)
    }

    public func step() {
        for (groupIndex, group) in groups.enumerated() {
            for (index, parameter) in group.parameters.enumerated() where !parameter.isFrozen {
                precondition(parameter.gradient.count == parameter.value.count,
                             "gradient of `\(parameter.name)` has shape \(parameter.gradient.shape), "
                                 + "its value \(parameter.value.shape)")
                if firstMoments[groupIndex][index].count != parameter.value.count {
                    firstMoments[groupIndex][index] = Tensor(shape: parameter.value.shape)
                    secondMoments[groupIndex][index] = Tensor(shape: parameter.value.shape)
                }
                parameterSteps[groupIndex][index] += 1
                let coefficients = Coefficients(group: group, step: parameterSteps[groupIndex][index],
                                                decoupled: decoupledWeightDecay)
                firstMoments[groupIndex][index].storage.withUnsafeMutableBufferPointer { m in
                    secondMoments[groupIndex][index].storage.withUnsafeMutableBufferPointer { v in
                        update(parameter, m: m, v: v, coefficients)
                    }
                }
            }
        }
        stepCount += 1
    }

    public func zeroGradients() {
        for group in groups {
            for parameter in group.parameters { parameter.gradient.zero() }
        }
    }

    /// The scalars of one parameter's update, computed once outside the loop.
    private struct Coefficients {
        var l2: Float, decay: Float, beta1Complement: Float, beta2: Float, beta2Complement: Float
        var stepSize: Float, correction2Root: Float, epsilon: Float

        init(group: ParameterGroup, step: Int, decoupled: Bool) {
            let bias1 = 1 - pow(Double(group.momentum), Double(step))
            let bias2 = 1 - pow(Double(group.beta2), Double(step))
            l2 = decoupled ? 0 : group.weightDecay
            decay = decoupled ? 1 - group.learningRate * group.weightDecay : 1
            beta1Complement = 1 - group.momentum
            beta2 = group.beta2
            beta2Complement = 1 - group.beta2
            stepSize = Float(Double(group.learningRate) / bias1)
            correction2Root = Float(bias2.squareRoot())
            epsilon = group.epsilon
        }
    }

    /// One fused pass over a parameter: decay, both moments, bias-corrected step.
    private func update(_ parameter: Parameter, m: UnsafeMutableBufferPointer<Float>,
                        v: UnsafeMutableBufferPointer<Float>, _ c: Coefficients) {
        parameter.gradient.storage.withUnsafeBufferPointer { g in
            parameter.value.storage.withUnsafeMutableBufferPointer { p in
                let l2 = c.l2, decay = c.decay, oneMinusBeta1 = c.beta1Complement
                let beta2 = c.beta2, oneMinusBeta2 = c.beta2Complement
                let stepSize = c.stepSize, root2 = c.correction2Root, epsilon = c.epsilon
                for i in 0..<p.count {
                    var gi = g[i]
                    if l2 != 0 { gi += l2 * p[i] }
                    var pi = p[i] * decay
                    let mi = m[i] + oneMinusBeta1 * (gi - m[i])
                    let vi = v[i] * beta2 + oneMinusBeta2 * gi * gi
                    m[i] = mi
                    v[i] = vi
                    pi -= stepSize * (mi / (vi.squareRoot() / root2 + epsilon))
                    p[i] = pi
                }
            }
        }
    }
}
