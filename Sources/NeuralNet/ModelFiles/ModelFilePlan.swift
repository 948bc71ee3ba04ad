/// A model file's layers with every size known, checked against the data before any weight is
/// allocated.
struct PlannedLayer {
    /// What to allocate, with its sizes.
    indirect enum Recipe {
        case conv(in: Int, out: Int, kernel: Int, stride: Int, padding: Int, bias: Bool)
        case batchNorm2d(Int)
        case batchNorm1d(Int)
        case relu
        case maxPool(kernel: Int, stride: Int)
        case avgPool(kernel: Int, stride: Int)
        case globalAvgPool
        case dropout(Float)
        case flatten
        case linear(in: Int, out: Int)
        case basicBlock(in: Int, out: Int, stride: Int)
        case residual(body: [PlannedLayer], shortcut: [PlannedLayer])
    }

    let recipe: Recipe
    /// The state-dict key prefix, relative to the enclosing model or residual.
    let key: String
    let source: ModelFileLayer
}

/// Works out each layer's input and output shape from the data's example shape, and refuses
/// layers that do not fit it, naming the computed shapes.
struct ModelFilePlanner {
    /// The most weights a model file may ask for (a gigabyte of `Float`s).
    static let maximumParameters = 1 << 28
    /// The most values one layer may output per example.
    static let maximumActivations = 1 << 27

    let file: String
    let input: ModelInput
    private(set) var parameters = 0

    init(file: String, input: ModelInput) {
        self.file = file
        self.input = input
    }

    /// The planned layers of `layers` and the shape they give for inputs of `shape`; `defaultKey`
    /// names a layer without `key` by its position.
    mutating func plan(_ layers: [ModelFileLayer], from shape: [Int],
                       defaultKey: (Int) -> String) throws(ModelFileError) -> (layers: [PlannedLayer], output: [Int]) {
        var shape = shape
        var planned: [PlannedLayer] = []
        for (index, layer) in layers.enumerated() {
            let recipe: PlannedLayer.Recipe
            (recipe, shape) = try plan(layer, from: shape)
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            guard count <= Self.maximumActivations else {
                throw fail(layer, "the layer outputs \(Self.text(shape)) = \(count) values per example, more than the "
                           + "\(Self.maximumActivations) allowed", "make the layer smaller or downsample before it")
            }
            planned.append(PlannedLayer(recipe: recipe, key: layer.key ?? defaultKey(index), source: layer))
        }
        return (planned, shape)
    }

    private mutating func plan(_ layer: ModelFileLayer,
                               from shape: [Int]) throws(ModelFileError) -> (PlannedLayer.Recipe, [Int]) {
        switch layer.kind {
        case .conv(let out, let kernel, let stride, let padding, let bias, let inChannels):
            let (channels, height, width) = try image(shape, layer, "conv")
            if let inChannels, inChannels != channels {
                throw fail(layer, "`in` is \(inChannels) but the conv's input \(Self.text(shape)) has \(channels) channels",
                           "remove `in` (input channels are taken from the layer before) or set `in: \(channels)`")
            }
            let outHeight = Self.convolved(height, kernel: kernel, stride: stride, padding: padding)
            let outWidth = Self.convolved(width, kernel: kernel, stride: stride, padding: padding)
            guard outHeight > 0, outWidth > 0 else {
                throw fail(layer, "a \(kernel)x\(kernel) kernel with padding \(padding) does not fit the conv's input "
                           + "\(Self.text(shape)) (\(height)x\(width) pixels)",
                           "use a smaller `kernel`, more `padding`, or fewer downsampling layers before it")
            }
            try count(layer, out * channels * kernel * kernel + (bias ? out : 0))
            return (.conv(in: channels, out: out, kernel: kernel, stride: stride, padding: padding, bias: bias),
                    [out, outHeight, outWidth])
        case .batchNorm:
            if shape.count == 3 {
                try count(layer, 2 * shape[0])
                return (.batchNorm2d(shape[0]), shape)
            }
            guard shape.count == 1 else {
                throw fail(layer, "batchnorm takes images [channels, height, width] or features [features], got \(Self.text(shape))",
                           "put it after a conv (images) or a linear (features)")
            }
            try count(layer, 2 * shape[0])
            return (.batchNorm1d(shape[0]), shape)
        case .relu:
            return (.relu, shape)
        case .dropout(let probability):
            return (.dropout(probability), shape)
        case .maxPool(let kernel, let stride), .avgPool(let kernel, let stride):
            let isMax = if case .maxPool = layer.kind { true } else { false }
            let name = isMax ? "maxpool" : "avgpool"
            let (channels, height, width) = try image(shape, layer, name)
            guard height >= kernel, width >= kernel else {
                throw fail(layer, "the \(kernel)x\(kernel) window does not fit the \(name)'s input \(Self.text(shape)) "
                           + "(\(height)x\(width) pixels)", "use a smaller kernel, or fewer downsampling layers before it")
            }
            let output = [channels, (height - kernel) / stride + 1, (width - kernel) / stride + 1]
            return (isMax ? .maxPool(kernel: kernel, stride: stride) : .avgPool(kernel: kernel, stride: stride), output)
        case .globalAvgPool:
            let (channels, _, _) = try image(shape, layer, "global_avgpool")
            return (.globalAvgPool, [channels])
        case .flatten:
            return (.flatten, [shape.reduce(1, *)])
        case .linear(let out, let inFeatures):
            guard shape.count == 1 else {
                throw fail(layer, "linear takes features [features] but its input is \(Self.text(shape))",
                           "add `flatten` before it (giving \(shape.reduce(1, *)) features) or `global_avgpool` "
                               + "(giving \(shape.first ?? 0))")
            }
            if let inFeatures, inFeatures != shape[0] {
                throw fail(layer, "`in` is \(inFeatures) but the linear's input has \(shape[0]) features "
                           + "(\(Self.text(shape)) for data of shape \(Self.text(input.exampleShape)))",
                           "remove `in` (input features are taken from the layer before) or set `in: \(shape[0])`")
            }
            let outFeatures = switch out {
            case .fixed(let value): value
            case .classes: input.classes
            }
            try count(layer, outFeatures * shape[0] + outFeatures)
            return (.linear(in: shape[0], out: outFeatures), [outFeatures])
        case .basicBlock(let out, let stride):
            let (channels, height, width) = try image(shape, layer, "basic_block")
            let outHeight = Self.convolved(height, kernel: 3, stride: stride, padding: 1)
            let outWidth = Self.convolved(width, kernel: 3, stride: stride, padding: 1)
            let projects = stride != 1 || channels != out
            try count(layer, out * channels * 9 + out * out * 9 + 4 * out + (projects ? out * channels + 2 * out : 0))
            return (.basicBlock(in: channels, out: out, stride: stride), [out, outHeight, outWidth])
        case .residual(let body, let shortcut):
            let main = try plan(body, from: shape) { "body.\($0)" }
            let side = shortcut.isEmpty ? (layers: [], output: shape) : try plan(shortcut, from: shape) { "shortcut.\($0)" }
            guard main.output == side.output else {
                let what = shortcut.isEmpty ? "the identity shortcut keeps the input's" : "the shortcut gives"
                throw fail(layer, "the residual's layers turn its input \(Self.text(shape)) into \(Self.text(main.output)), "
                           + "but \(what) \(Self.text(side.output)); the two are added, so they must match",
                           shortcut.isEmpty
                               ? "keep the shape in the layers (padding, stride 1, as many channels), or add a `shortcut:` "
                                   + "that projects, e.g. `shortcut: [conv: {out: \(main.output.first ?? 1), kernel: 1, stride: 2}]`"
                               : "make the shortcut's layers give \(Self.text(main.output))")
            }
            return (.residual(body: main.layers, shortcut: side.layers), main.output)
        }
    }

    /// The output size of a convolution along one dimension (zero or less when it does not fit).
    static func convolved(_ size: Int, kernel: Int, stride: Int, padding: Int) -> Int {
        let span = size + 2 * padding - kernel
        return span < 0 ? 0 : span / stride + 1
    }

    static func text(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    private func image(_ shape: [Int], _ layer: ModelFileLayer,
                       _ name: String) throws(ModelFileError) -> (Int, Int, Int) {
        guard shape.count == 3 else {
            let fix = input.exampleShape.count == 3
                ? "put it before `flatten`, `global_avgpool` and `linear`, which turn images into features"
                : "the data's examples are \(Self.text(input.exampleShape)), not images; use a model without \(name)"
            throw fail(layer, "\(name) takes images [channels, height, width] but its input is \(Self.text(shape))", fix)
        }
        return (shape[0], shape[1], shape[2])
    }

    private mutating func count(_ layer: ModelFileLayer, _ weights: Int) throws(ModelFileError) {
        parameters += weights
        guard parameters <= Self.maximumParameters else {
            throw fail(layer, "the model would have more than \(Self.maximumParameters) weights by this layer",
                       "use fewer channels or features")
        }
    }

    private func fail(_ layer: ModelFileLayer, _ problem: String, _ fix: String) -> ModelFileError {
        ModelFileError(layer.location, problem: problem, fix: fix)
    }
}
