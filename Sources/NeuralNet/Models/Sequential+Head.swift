/// Swapping the last layer group, for fine-tuning on a new set of classes.
extension Sequential {
    /// A model sharing every group but the last with this one, whose last group (the head) is
    /// `layers` under the same group name. This model must not be trained afterwards, since the
    /// shared layers hold the buffers of one forward/backward pair at a time.
    public func replacingHead(with layers: [any Layer]) -> Sequential {
        let head = groups[groups.count - 1]
        return Sequential(groups: Array(groups.dropLast()) + [LayerGroup(name: head.name, layers: layers)])
    }
}
