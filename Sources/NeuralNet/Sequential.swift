import TensorCore

/// A model that applies its layers in order, organised into named layer groups.
///
/// The groups partition the layers (for example `body` then `head`): freezing a group stops its
/// parameters from learning, and optimizers can give each group its own parameter group. Backward
/// stops at the first layer that has a trainable parameter, so a frozen body costs no backward work.
/// A `ReLU` directly followed by a `MaxPool2d` runs as one fused pass (same results, half the
/// memory traffic).
public final class Sequential: Layer {
    public let groups: [LayerGroup]

    /// A model made of `groups`, applied in order.
    public init(groups: [LayerGroup]) {
        precondition(!groups.isEmpty, "a model needs at least one layer group")
        self.groups = groups
    }

    /// A model with a single group named `all`.
    public convenience init(_ layers: [any Layer]) {
        self.init(groups: [LayerGroup(name: "all", layers: layers)])
    }

    /// All layers in the order they are applied.
    public var layers: [any Layer] { groups.flatMap(\.layers) }

    public var parameters: [Parameter] { groups.flatMap(\.parameters) }
    public var buffers: [Parameter] { layers.flatMap(\.buffers) }

    /// Parameters and buffers with qualified names (`group.index.name`, the index counting layers
    /// within the group), in a fixed order: the keys of a checkpoint.
    public var namedTensors: [(name: String, parameter: Parameter)] {
        var result: [(String, Parameter)] = []
        for group in groups {
            for (index, layer) in group.layers.enumerated() {
                for p in layer.parameters + layer.buffers { result.append(("\(group.name).\(index).\(p.name)", p)) }
            }
        }
        return result
    }

    public var description: String {
        groups.map { group in
            "\(group.name): " + group.layers.map(\.description).joined(separator: ", ")
        }.joined(separator: "; ")
    }

    public func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        let all = layers
        var x = input, index = 0
        while index < all.count {
            if let pool = MaxPool2d.rectifying(all, at: index) {
                x = pool.forward(x, context: &context, rectified: true)
                index += 2
            } else {
                x = all[index].forward(x, context: &context)
                index += 1
            }
        }
        return x
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        let all = layers
        // Layers before the first trainable one need no gradient when the caller needs none.
        let firstTrainable = all.firstIndex { layer in layer.parameters.contains { !$0.isFrozen } }
        guard let stop = needsInputGradient ? 0 : firstTrainable else { return Tensor(shape: [0]) }
        var gradient = outputGradient
        var index = all.count - 1
        while index >= stop {
            // A ReLU + MaxPool2d pair ran fused in forward: the pool's backward covers both.
            let fused = index - 1 >= stop && MaxPool2d.rectifying(all, at: index - 1) != nil
            let first = fused ? index - 1 : index
            gradient = all[index].backward(gradient, needsInputGradient: first > stop || needsInputGradient)
            index = first - 1
        }
        return gradient
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        for layer in layers { layer.resetParameters(using: &rng) }
    }
}
