import TensorCore

/// A model that applies its layers in order, organised into named layer groups.
///
/// The groups partition the layers (for example `body` then `head`): freezing a group stops its
/// parameters from learning, and optimizers can give each group its own parameter group. Backward
/// stops at the first layer that has a trainable parameter, so a frozen body costs no backward work.
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
        var x = input
        for layer in layers { x = layer.forward(x, context: &context) }
        return x
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        let all = layers
        // Layers before the first trainable one need no gradient when the caller needs none.
        let firstTrainable = all.firstIndex { layer in layer.parameters.contains { !$0.isFrozen } }
        guard let stop = needsInputGradient ? 0 : firstTrainable else { return Tensor(shape: [0]) }
        var gradient = outputGradient
        for index in stride(from: all.count - 1, through: stop, by: -1) {
            gradient = all[index].backward(gradient, needsInputGradient: index > stop || needsInputGradient)
        }
        return gradient
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        for layer in layers { layer.resetParameters(using: &rng) }
    }
}
