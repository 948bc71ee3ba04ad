/// A named run of consecutive layers (for example `body` and `head`) that can be frozen or given
/// its own learning rate, like fastai's layer groups.
public final class LayerGroup {
    public let name: String
    public let layers: [any Layer]

    public init(name: String, layers: [any Layer]) {
        self.name = name
        self.layers = layers
    }

    /// The learnable parameters of all layers in the group.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Whether every parameter of the group is frozen; setting it freezes or unfreezes them all.
    public var isFrozen: Bool {
        get { parameters.allSatisfy(\.isFrozen) }
        set { for parameter in parameters { parameter.isFrozen = newValue } }
    }
}
