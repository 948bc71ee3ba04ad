extension ParameterGroup {
    /// One parameter group per layer group of `model`, named like it, all with the same settings.
    ///
    /// Frozen parameters are included (optimizers skip them while they stay frozen), so unfreezing
    /// a group later needs no new optimizer.
    public static func groups(of model: Sequential, learningRate: Float, momentum: Float = 0,
                              beta2: Float = 0.999, weightDecay: Float = 0,
                              epsilon: Float = 1e-8) -> [ParameterGroup] {
        model.groups.map { layerGroup in
            ParameterGroup(name: layerGroup.name, parameters: layerGroup.parameters,
                           learningRate: learningRate, momentum: momentum, beta2: beta2,
                           weightDecay: weightDecay, epsilon: epsilon)
        }
    }

    /// The five hyper-parameters in the order `OptimizerState.hyperParameters` stores them.
    var hyperParameters: [Float] {
        get { [learningRate, momentum, beta2, weightDecay, epsilon] }
        set {
            precondition(newValue.count == 5, "a parameter group has 5 hyper-parameters")
            learningRate = newValue[0]; momentum = newValue[1]; beta2 = newValue[2]
            weightDecay = newValue[3]; epsilon = newValue[4]
        }
    }
}
