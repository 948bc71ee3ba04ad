/// Swapping the last layer group, for fine-tuning on a new set of classes.
extension Sequential {
    /// A model sharing every group but the last with this one, whose last group (the head) is
    /// `layers` under the same group name. This model must not be trained afterwards, since the
    /// shared layers hold the buffers of one forward/backward pair at a time.
    public func replacingHead(with layers: [any Layer]) -> Sequential {
        let head = groups[groups.count - 1]
        let newGroups = Array(groups.dropLast()) + [LayerGroup(name: head.name, layers: layers)]
        guard let keys = stateDictKeys else { return Sequential(groups: newGroups) }
        // The body keeps its keys; so does the head when it has as many layers, else its layers are numbered.
        let bodyCount = self.layers.count - head.layers.count
        let headKeys = layers.count == head.layers.count ? Array(keys.suffix(layers.count))
            : layers.indices.map { String(bodyCount + $0) }
        return Sequential(groups: newGroups, stateDictKeys: Array(keys.prefix(bodyCount)) + headKeys)
    }
}
