import TensorCore

/// Stochastic gradient descent with momentum, as PyTorch's `torch.optim.SGD` with dampening 0.
///
/// For each parameter that is not frozen: `g = grad + wd * p`; with momentum, the buffer starts as
/// a copy of `g` and then becomes `momentum * buf + g`; `g` is then `buf`, or `g + momentum * buf`
/// with Nesterov; finally `p -= lr * g`. Weight decay is L2 (added to the gradient).
public final class SGD: Optimizer {
    public let groups: [ParameterGroup]
    /// Nesterov momentum for every group.
    public var nesterov: Bool
    /// Steps taken so far.
    public internal(set) var stepCount = 0
    /// Momentum buffers per group and parameter; empty until a parameter's first momentum step.
    var momentumBuffers: [[Tensor]]

    /// An optimizer over `groups`, each with its own learning rate, momentum and weight decay.
    public init(groups: [ParameterGroup], nesterov: Bool = false) {
        self.groups = groups
        self.nesterov = nesterov
        momentumBuffers = groups.map { group in group.parameters.map { _ in Tensor(shape: [0]) } }
    }

    /// One parameter group per layer group of `model`, named like it.
    public convenience init(model: Sequential, learningRate: Float, momentum: Float = 0,
                            weightDecay: Float = 0, nesterov: Bool = false) {
        self.init(groups: ParameterGroup.groups(of: model, learningRate: learningRate, momentum: momentum,
                                                weightDecay: weightDecay),
                  nesterov: nesterov)
    }

    /// A single group named `all` over `parameters`.
    public convenience init(parameters: [Parameter], learningRate: Float, momentum: Float = 0,
                            weightDecay: Float = 0, nesterov: Bool = false) {
        self.init(groups: [ParameterGroup(name: "all", parameters: parameters, learningRate: learningRate,
                                          momentum: momentum, weightDecay: weightDecay)],
                  nesterov: nesterov)
    }

    public func step() {
        for (groupIndex, group) in groups.enumerated() {
            let lr = group.learningRate, momentum = group.momentum, weightDecay = group.weightDecay
            for (index, parameter) in group.parameters.enumerated() where !parameter.isFrozen {
                precondition(parameter.gradient.count == parameter.value.count,
                             "gradient of `\(parameter.name)` has shape \(parameter.gradient.shape), "
                                 + "its value \(parameter.value.shape)")
                if momentum == 0 {
                    update(parameter, lr: lr, weightDecay: weightDecay)
                } else {
                    let isFirst = momentumBuffers[groupIndex][index].count != parameter.value.count
                    if isFirst { momentumBuffers[groupIndex][index] = Tensor(shape: parameter.value.shape) }
                    momentumBuffers[groupIndex][index].storage.withUnsafeMutableBufferPointer { buffer in
                        update(parameter, buffer: buffer, isFirst: isFirst, lr: lr, momentum: momentum,
                               weightDecay: weightDecay)
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

    /// Plain SGD: `p -= lr * (g + wd * p)`.
    private func update(_ parameter: Parameter, lr: Float, weightDecay: Float) {
        parameter.gradient.storage.withUnsafeBufferPointer { g in
            parameter.value.storage.withUnsafeMutableBufferPointer { p in
                if weightDecay == 0 {
                    for i in 0..<p.count { p[i] -= lr * g[i] }
                } else {
                    for i in 0..<p.count { p[i] -= lr * (g[i] + weightDecay * p[i]) }
                }
            }
        }
    }

    /// One fused pass over a parameter with momentum: decay, buffer update, Nesterov, step.
    private func update(_ parameter: Parameter, buffer: UnsafeMutableBufferPointer<Float>, isFirst: Bool,
                        lr: Float, momentum: Float, weightDecay: Float) {
        let nesterov = self.nesterov
        parameter.gradient.storage.withUnsafeBufferPointer { g in
            parameter.value.storage.withUnsafeMutableBufferPointer { p in
                switch (isFirst, nesterov, weightDecay == 0) {
                case (true, false, true): momentumLoop(p, g, buffer, lr, momentum, 0, first: true, nesterov: false)
                case (true, false, false): momentumLoop(p, g, buffer, lr, momentum, weightDecay, first: true, nesterov: false)
                case (true, true, true): momentumLoop(p, g, buffer, lr, momentum, 0, first: true, nesterov: true)
                case (true, true, false): momentumLoop(p, g, buffer, lr, momentum, weightDecay, first: true, nesterov: true)
                case (false, false, true): momentumLoop(p, g, buffer, lr, momentum, 0, first: false, nesterov: false)
                case (false, false, false): momentumLoop(p, g, buffer, lr, momentum, weightDecay, first: false, nesterov: false)
                case (false, true, true): momentumLoop(p, g, buffer, lr, momentum, 0, first: false, nesterov: true)
                case (false, true, false): momentumLoop(p, g, buffer, lr, momentum, weightDecay, first: false, nesterov: true)
                }
            }
        }
    }
}

/// The momentum update, inlined with constant flags so each call site compiles to a branch-free loop.
///
/// A zero `weightDecay` skips the decay term entirely (as PyTorch does, so `0 * inf` never appears).
@inline(__always)
private func momentumLoop(_ p: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
                          _ buffer: UnsafeMutableBufferPointer<Float>, _ lr: Float, _ momentum: Float,
                          _ weightDecay: Float, first: Bool, nesterov: Bool) {
    for i in 0..<p.count {
        var d = g[i]
        if weightDecay != 0 { d += weightDecay * p[i] }
        let b = first ? d : momentum * buffer[i] + d
        buffer[i] = b
        p[i] -= lr * (nesterov ? d + momentum * b : b)
    }
}
