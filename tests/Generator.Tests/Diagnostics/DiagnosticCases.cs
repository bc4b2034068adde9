namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>
/// One or more sources per diagnostic of the generator's table (all but DSL0099, the internal error that no source
/// should trigger), with the argument conventions the generator uses: layers named "Layer 'Member'", networks
/// "Network 'Class'", the first layer's predecessor "'Class.Inputs'", enum values as numbers, doubles in the invariant
/// culture.
/// </summary>
public static class DiagnosticCases
{
    private const string Usings = "using DslNets;\n\nnamespace Diagnosed;\n\n";
    private const string Hidden = "    [Dense(3, Activation.ReLU)] public partial DenseLayer Hidden { get; }\n";

    private static string Net(string members, string attribute = "Network(Inputs = 4)", string declaration = "public partial class Net") =>
        $"{Usings}[{attribute}]\n{declaration}\n{{\n{members}\n}}\n";

    private static DiagnosticCase Layer(string id, string members, string message, string location, string attribute = "Network(Inputs = 4)") =>
        new(id, Net(members, attribute), message, location, "Net");

    private static DiagnosticCase Network(string id, string members, string message, string attribute, string declaration = "public partial class Net", string network = "Net") =>
        new(id, Net(members, attribute, declaration), message, attribute, network);

    private const string TiedEarlier = "a tied layer must come after the layer whose weights it uses";
    private const string MemberForm = "must be a get-only partial property or a field of an instance";
    private const string KeepOneNetwork = "keep exactly one, on one of its partial declarations";
    private const string InvalidLeakySlope = "is not a valid LeakySlope (a finite number, at least 0)";

    /// <summary>Every case by name.</summary>
    public static IReadOnlyDictionary<string, DiagnosticCase> All { get; } = CoreCases().Concat(ImageCases()).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The cases of the dense and shared-filter DSL and of the class itself.</summary>
    private static IEnumerable<KeyValuePair<string, DiagnosticCase>> CoreCases() => new Dictionary<string, DiagnosticCase>
    {
        ["NotPartial"] = Network("DSL0001", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network class 'Plain' must be declared partial so that DslNets can generate its members",
            "Network(Inputs = 2)", "public class Plain", "Plain"),

        ["ContainingClassNotPartial"] = new("DSL0001",
            $"{Usings}public class Use\n{{\n    [Network(Inputs = 2)]\n    public partial class Tiny\n    {{\n        [Dense(1)] public partial DenseLayer Out {{ get; }}\n    }}\n}}\n",
            "The class 'Use' that contains network 'Tiny' must be declared partial so that DslNets can generate its members", "Network(Inputs = 2)", "Tiny"),

        ["NoLayers"] = Network("DSL0002", "    public int Epochs { get; set; }",
            "Network 'Empty' declares no layers; add members that carry [Dense] or [SharedFilter]",
            "Network(Inputs = 2)", "public partial class Empty", "Empty"),

        ["NetworkInputsZero"] = Network("DSL0003", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net': Inputs must be at least 1 but is 0", "Network(Inputs = 0)"),
        ["NetworkInputsMissing"] = Network("DSL0003", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net': Inputs must be at least 1 but is 0", "Network"),
        ["DenseOutputsZero"] = Layer("DSL0003", "    [Dense(0)] public partial DenseLayer Out { get; }",
            "Layer 'Out': outputs must be at least 1 but is 0", "Dense(0)"),
        ["DenseOutputsNegative"] = Layer("DSL0003", "    [Dense(-5, Activation.ReLU)] public partial DenseLayer Out { get; }",
            "Layer 'Out': outputs must be at least 1 but is -5", "Dense(-5, Activation.ReLU)"),
        ["FilterSizeZero"] = Layer("DSL0003", "    [SharedFilter(0, 2)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter': filterSize must be at least 1 but is 0", "SharedFilter(0, 2)"),
        ["FilterCountZero"] = Layer("DSL0003", "    [SharedFilter(2, 0)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter': count must be at least 1 but is 0", "SharedFilter(2, 0)"),

        ["InputMismatch"] = Layer("DSL0004", Hidden + "    [Dense(2, Inputs = 5)] public partial DenseLayer Out { get; }",
            "Layer 'Out' expects 5 inputs but 'Hidden' produces 3", "Dense(2, Inputs = 5)"),
        ["FirstLayerInputMismatch"] = Layer("DSL0004", "    [Dense(3, Inputs = 7)] public partial DenseLayer Hidden { get; }\n    [Dense(1)] public partial DenseLayer Out { get; }",
            "Layer 'Hidden' expects 7 inputs but 'Net.Inputs' produces 4", "Dense(3, Inputs = 7)"),

        ["LayerNamedOutput"] = Layer("DSL0005", Hidden + "    [Dense(1)] public partial DenseLayer Output { get; }",
            "Layer name 'Output' clashes with the generated member 'Net.Output'; rename the layer", "Dense(1)"),
        ["LayerNamedInput"] = Layer("DSL0005", "    [Dense(3)] public partial DenseLayer Input { get; }\n    [Dense(1)] public partial DenseLayer Out { get; }",
            "Layer name 'Input' clashes with the generated member 'Net.Input'; rename the layer", "Dense(3)"),
        ["LayerNamedParameters"] = Layer("DSL0005", Hidden + "    [Dense(1)] public partial DenseLayer Parameters { get; }",
            "Layer name 'Parameters' clashes with the generated member 'Net.Parameters'; rename the layer", "Dense(1)"),
        ["LayerNamedGradient"] = Layer("DSL0005", Hidden + "    [Dense(1)] public partial DenseLayer Gradient { get; }",
            "Layer name 'Gradient' clashes with the generated member 'Net.Gradient'; rename the layer", "Dense(1)"),
        ["LayerNamedSummary"] = Layer("DSL0005", Hidden + "    [Dense(1)] public partial DenseLayer Summary { get; }",
            "Layer name 'Summary' clashes with the generated member 'Net.Summary'; rename the layer", "Dense(1)"),

        ["TiedToUnknownName"] = Layer("DSL0006", Hidden + "    [Dense(4, TiedTo = \"Nope\")] public partial DenseLayer Decoder { get; }",
            "Layer 'Decoder' is tied to 'Nope', which is not a layer of 'Net'", "Dense(4, TiedTo = \"Nope\")"),
        ["TiedToEmptyName"] = Layer("DSL0006", Hidden + "    [Dense(4, TiedTo = \"\")] public partial DenseLayer Decoder { get; }",
            "Layer 'Decoder' is tied to '', which is not a layer of 'Net'", "Dense(4, TiedTo = \"\")"),
        ["TiedToOrdinaryMember"] = Layer("DSL0006", "    public int Epochs { get; set; }\n" + Hidden + "    [Dense(4, TiedTo = nameof(Epochs))] public partial DenseLayer Decoder { get; }",
            "Layer 'Decoder' is tied to 'Epochs', which is not a layer of 'Net'", "Dense(4, TiedTo = nameof(Epochs))"),

        ["TiedToLaterLayer"] = Layer("DSL0007", "    [Dense(3, TiedTo = nameof(Decoder))] public partial DenseLayer Encoder { get; }\n    [Dense(4)] public partial DenseLayer Decoder { get; }",
            $"Layer 'Encoder' is tied to 'Decoder', which is not an earlier layer; {TiedEarlier}", "Dense(3, TiedTo = nameof(Decoder))"),
        ["TiedToItself"] = Layer("DSL0007", Hidden + "    [Dense(4, TiedTo = nameof(Decoder))] public partial DenseLayer Decoder { get; }",
            $"Layer 'Decoder' is tied to 'Decoder', which is not an earlier layer; {TiedEarlier}", "Dense(4, TiedTo = nameof(Decoder))"),

        ["TiedOutputsMismatch"] = Layer("DSL0008", "    [Dense(3)] public partial DenseLayer Encoder { get; }\n    [Dense(5, TiedTo = nameof(Encoder))] public partial DenseLayer Decoder { get; }",
            "Layer 'Decoder' is tied to 'Encoder' and uses the transpose of its 3×4 weights, so it must map 3 inputs to 4 outputs, but it maps 3 inputs to 5 outputs",
            "Dense(5, TiedTo = nameof(Encoder))"),
        ["TiedInputsMismatch"] = Layer("DSL0008", "    [Dense(3)] public partial DenseLayer Encoder { get; }\n    [Dense(2)] public partial DenseLayer Middle { get; }\n    [Dense(4, TiedTo = nameof(Encoder))] public partial DenseLayer Decoder { get; }",
            "Layer 'Decoder' is tied to 'Encoder' and uses the transpose of its 3×4 weights, so it must map 3 inputs to 4 outputs, but it maps 2 inputs to 4 outputs",
            "Dense(4, TiedTo = nameof(Encoder))"),

        ["PatchesDoNotFitTheInputs"] = Layer("DSL0009", "    [SharedFilter(3, 4, Stride = 2)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter' needs 9 inputs for 4 patches of size 3 with stride 2, but 'Net.Inputs' produces 5", "SharedFilter(3, 4, Stride = 2)",
            attribute: "Network(Inputs = 5)"),
        ["PatchesDoNotFitTheLayerBefore"] = Layer("DSL0009", "    [Dense(6)] public partial DenseLayer Hidden { get; }\n    [SharedFilter(4, 2, Stride = 3)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter' needs 7 inputs for 2 patches of size 4 with stride 3, but 'Hidden' produces 6", "SharedFilter(4, 2, Stride = 3)"),

        ["SoftmaxNeedsTwoOutputs"] = Network("DSL0010", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Loss SoftmaxCrossEntropy needs at least 2 outputs but the last layer 'Out' produces 1 output",
            "Network(Inputs = 3, Loss = Loss.SoftmaxCrossEntropy)"),
        ["LogisticNeedsOneOutput"] = Network("DSL0010", "    [Dense(2)] public partial DenseLayer Out { get; }",
            "Loss Logistic needs exactly 1 output but the last layer 'Out' produces 2 outputs",
            "Network(Inputs = 3, Loss = Loss.Logistic)"),
        ["HingeNeedsOneOutput"] = Network("DSL0010", Hidden + "    [Dense(3)] public partial DenseLayer Scores { get; }",
            "Loss Hinge needs exactly 1 output but the last layer 'Scores' produces 3 outputs",
            "Network(Inputs = 3, Loss = Loss.Hinge)"),

        ["DenseThenSharedFilter"] = Layer("DSL0011", "    [Dense(3)][SharedFilter(2, 2)] public partial DenseLayer Both { get; }",
            "Member 'Both' carries both [Dense] and [SharedFilter]; a member declares exactly one layer", "SharedFilter(2, 2)"),
        ["SharedFilterThenDenseInOneList"] = Layer("DSL0011", "    [SharedFilter(2, 2, Stride = 1), Dense(3)] public partial SharedFilterLayer Both { get; }",
            "Member 'Both' carries both [SharedFilter] and [Dense]; a member declares exactly one layer", "Dense(3)"),

        ["StaticProperty"] = Layer("DSL0012", Hidden + "    [Dense(1)] public static partial DenseLayer Out { get; }",
            $"Layer member 'Out' {MemberForm}: it is static", "Dense(1)"),
        ["StaticField"] = Layer("DSL0012", Hidden + "    [Dense(1)] public static DenseLayer? Out;",
            $"Layer member 'Out' {MemberForm}: it is static", "Dense(1)"),
        ["PropertyNotPartial"] = Layer("DSL0012", Hidden + "    [Dense(1)] public DenseLayer Out { get; }",
            $"Layer member 'Out' {MemberForm}: it is not partial", "Dense(1)"),
        ["PropertyWithSetter"] = Layer("DSL0012", Hidden + "    [Dense(1)] public partial DenseLayer Out { get; set; }",
            $"Layer member 'Out' {MemberForm}: it has a setter", "Dense(1)"),
        ["PropertyWithInitSetter"] = Layer("DSL0012", Hidden + "    [Dense(1)] public partial DenseLayer Out { get; init; }",
            $"Layer member 'Out' {MemberForm}: it has a setter", "Dense(1)"),
        ["Indexer"] = Layer("DSL0012", Hidden + "    [Dense(1)] public partial DenseLayer this[int index] { get; }",
            $"Layer member 'this[]' {MemberForm}: it is an indexer", "Dense(1)"),

        ["FloatDenseAsSharedFilterLayer"] = Layer("DSL0013", "    [Dense(1)] public partial SharedFilterLayer Out { get; }",
            "Layer 'Out' is declared as 'SharedFilterLayer' but a dense layer of a float network must be declared as DenseLayer or DenseLayer<float>", "Dense(1)"),
        ["DoubleDenseAsDenseLayer"] = Layer("DSL0013", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Layer 'Out' is declared as 'DenseLayer' but a dense layer of a double network must be declared as DenseLayer<double>", "Dense(1)",
            attribute: "Network(Inputs = 4, Precision = Precision.Double)"),
        ["FloatSharedFilterAsDoubleDense"] = Layer("DSL0013", "    [SharedFilter(2, 3)] public partial DenseLayer<double> Filter { get; }",
            "Layer 'Filter' is declared as 'DenseLayer<double>' but a shared-filter layer of a float network must be declared as SharedFilterLayer or SharedFilterLayer<float>", "SharedFilter(2, 3)"),
        ["DoubleSharedFilterAsFloat"] = Layer("DSL0013", "    [SharedFilter(2, 3)] public partial SharedFilterLayer<float> Filter { get; }",
            "Layer 'Filter' is declared as 'SharedFilterLayer<float>' but a shared-filter layer of a double network must be declared as SharedFilterLayer<double>", "SharedFilter(2, 3)",
            attribute: "Network(Inputs = 4, Precision = Precision.Double)"),
        ["DenseAsInt"] = Layer("DSL0013", "    [Dense(1)] public partial int Out { get; }",
            "Layer 'Out' is declared as 'int' but a dense layer of a float network must be declared as DenseLayer or DenseLayer<float>", "Dense(1)"),

        ["ActivationOutOfRange"] = Layer("DSL0014", "    [Dense(1, (Activation)99)] public partial DenseLayer Out { get; }",
            "Layer 'Out': 99 is not a valid Activation", "Dense(1, (Activation)99)"),
        ["SharedFilterActivationNegative"] = Layer("DSL0014", "    [SharedFilter(2, 2, (Activation)(-1), Stride = 1)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter': -1 is not a valid Activation", "SharedFilter(2, 2, (Activation)(-1), Stride = 1)"),
        ["LossOutOfRange"] = Network("DSL0014", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net': 42 is not a valid Loss", "Network(Inputs = 4, Loss = (Loss)42)"),
        ["PrecisionOutOfRange"] = Network("DSL0014", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net': 7 is not a valid Precision", "Network(Inputs = 4, Precision = (Precision)7)"),
        ["LeakySlopeNaN"] = Layer("DSL0014", "    [Dense(1, Activation.LeakyReLU, LeakySlope = double.NaN)] public partial DenseLayer Out { get; }",
            $"Layer 'Out': NaN {InvalidLeakySlope}", "Dense(1, Activation.LeakyReLU, LeakySlope = double.NaN)"),
        ["LeakySlopeInfinite"] = Layer("DSL0014", "    [Dense(1, Activation.LeakyReLU, LeakySlope = double.PositiveInfinity)] public partial DenseLayer Out { get; }",
            $"Layer 'Out': Infinity {InvalidLeakySlope}", "Dense(1, Activation.LeakyReLU, LeakySlope = double.PositiveInfinity)"),
        ["LeakySlopeNegative"] = Layer("DSL0014", "    [SharedFilter(2, 2, Activation.LeakyReLU, LeakySlope = -0.5, Stride = 2)] public partial SharedFilterLayer Filter { get; }",
            $"Layer 'Filter': -0.5 {InvalidLeakySlope}", "SharedFilter(2, 2, Activation.LeakyReLU, LeakySlope = -0.5, Stride = 2)"),
        ["StrideNegative"] = Layer("DSL0014", "    [SharedFilter(2, 2, Stride = -1)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Filter': -1 is not a valid Stride (0 or more)", "SharedFilter(2, 2, Stride = -1)"),
        ["DenseInputsNegative"] = Layer("DSL0014", "    [Dense(1, Inputs = -2)] public partial DenseLayer Out { get; }",
            "Layer 'Out': -2 is not a valid Inputs (0 to infer, or the expected input count)", "Dense(1, Inputs = -2)"),

        ["DenseStringArgument"] = Layer("DSL0015", "    [Dense(\"x\")] public partial DenseLayer Out { get; }",
            "The [Dense] attribute on 'Out' cannot be read; fix its arguments first", "Dense(\"x\")"),
        ["DenseDoubleArgument"] = Layer("DSL0015", "    [Dense(1.5)] public partial DenseLayer Out { get; }",
            "The [Dense] attribute on 'Out' cannot be read; fix its arguments first", "Dense(1.5)"),
        ["DenseWithoutArguments"] = Layer("DSL0015", "    [Dense] public partial DenseLayer Out { get; }",
            "The [Dense] attribute on 'Out' cannot be read; fix its arguments first", "Dense"),
        ["SharedFilterMissingCount"] = Layer("DSL0015", "    [SharedFilter(2)] public partial SharedFilterLayer Filter { get; }",
            "The [SharedFilter] attribute on 'Filter' cannot be read; fix its arguments first", "SharedFilter(2)"),
        ["NetworkInputsString"] = Network("DSL0015", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "The [Network] attribute on 'Net' cannot be read; fix its arguments first", "Network(Inputs = \"a\")"),

        ["GenericNetwork"] = Network("DSL0016", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net' cannot be generic or nested in a generic type: every size must be a constant", "Network(Inputs = 4)",
            declaration: "public partial class Net<T>"),
        ["NetworkNestedInGeneric"] = new("DSL0016",
            $"{Usings}public partial class Outer<T>\n{{\n    [Network(Inputs = 4)]\n    public partial class Inner\n    {{\n        [Dense(1)] public partial DenseLayer Out {{ get; }}\n    }}\n}}\n",
            "Network 'Inner' cannot be generic or nested in a generic type: every size must be a constant", "Network(Inputs = 4)", "Inner"),

        ["TiedToSharedFilter"] = Layer("DSL0017", "    [SharedFilter(2, 3, Stride = 1)] public partial SharedFilterLayer Filter { get; }\n    [Dense(1, TiedTo = nameof(Filter))] public partial DenseLayer Out { get; }",
            "Layer 'Out' is tied to 'Filter', which is a shared-filter layer; only dense layers can share weights", "Dense(1, TiedTo = nameof(Filter))"),

        ["TooManyActivationsForOneSample"] = Layer("DSL0018", "    [Dense(20000000)] public partial DenseLayer Wide { get; }",
            "Network 'Net' is too large: the activations up to layer 'Wide' add up to 20000000 numbers; at most 16777216 fit in one sample's activation buffers", "Dense(20000000)"),
        ["ConvolutionOutputTooLarge"] = Layer("DSL0018", "    [Conv2D(1000000, 1)] public partial Conv2DLayer Wide { get; }",
            "Network 'Net' is too large: layer 'Wide' gives 1000000×100×100 = 10000000000 numbers per sample; at most 1073741823 fit in one array", "Conv2D(1000000, 1)",
            attribute: "Network(InputShape = [1, 100, 100])"),
        ["TooManyParametersForOneArray"] = Layer("DSL0018", "    [Dense(30000)] public partial DenseLayer Wide { get; }",
            "Network 'Net' is too large: layer 'Wide' brings the parameters to 1500030000 and the constants to 0; at most 1073741823 fit in one array", "Dense(30000)",
            attribute: "Network(Inputs = 50000)"),

        ["StaticNetwork"] = Network("DSL0019", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network class 'Net' must not be static or abstract: DslNets generates constructors for it", "Network(Inputs = 4)",
            declaration: "public static partial class Net"),
        ["AbstractNetwork"] = Network("DSL0019", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network class 'Net' must not be static or abstract: DslNets generates constructors for it", "Network(Inputs = 4)",
            declaration: "public abstract partial class Net"),

        // One mistake, one diagnostic: an unusable layer must not make the layers after it report too.
        ["ZeroLayerBeforeAnother"] = Layer("DSL0003", "    [Dense(0)] public partial DenseLayer Hidden { get; }\n    [Dense(1, Inputs = 3)] public partial DenseLayer Out { get; }",
            "Layer 'Hidden': outputs must be at least 1 but is 0", "Dense(0)"),
        ["UnreadableLayerBeforeAnother"] = Layer("DSL0015", "    [Dense(\"x\")] public partial DenseLayer Hidden { get; }\n    [Dense(2, Inputs = 3)] public partial DenseLayer Out { get; }",
            "The [Dense] attribute on 'Hidden' cannot be read; fix its arguments first", "Dense(\"x\")"),
        ["TiedToAnUnreadableLayer"] = Layer("DSL0015", "    [Dense(\"x\")] public partial DenseLayer Hidden { get; }\n    [Dense(4, TiedTo = nameof(Hidden))] public partial DenseLayer Decoder { get; }",
            "The [Dense] attribute on 'Hidden' cannot be read; fix its arguments first", "Dense(\"x\")"),
        // A tie to (or after) a layer with its own mistake: that mistake alone is reported, never an internal error.
        ["TiedToALayerWithAnInvalidActivation"] = Layer("DSL0014", "    [Dense(3, (Activation)9)] public partial DenseLayer Enc { get; }\n    [Dense(4, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }",
            "Layer 'Enc': 9 is not a valid Activation", "Dense(3, (Activation)9)"),
        ["TiedToALayerOfTheWrongType"] = Layer("DSL0013", "    [Dense(3)] public partial SharedFilterLayer Enc { get; }\n    [Dense(4, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }",
            "Layer 'Enc' is declared as 'SharedFilterLayer' but a dense layer of a float network must be declared as DenseLayer or DenseLayer<float>", "Dense(3)"),
        ["TieAfterAClashingLayer"] = Layer("DSL0005", "    [Dense(5, Activation.Tanh)] public partial DenseLayer Input { get; }\n    [Dense(3)] public partial DenseLayer Enc { get; }\n    [Dense(5, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }",
            "Layer name 'Input' clashes with the generated member 'Net.Input'; rename the layer", "Dense(5, Activation.Tanh)"),
        ["PatchesAfterAZeroLayer"] = Layer("DSL0003", "    [Dense(0)] public partial DenseLayer Hidden { get; }\n    [SharedFilter(3, 4, Stride = 2)] public partial SharedFilterLayer Filter { get; }",
            "Layer 'Hidden': outputs must be at least 1 but is 0", "Dense(0)"),

        ["MemberNamedInputSize"] = Network("DSL0020", "    [Dense(1)] public partial DenseLayer Out { get; }\n    public int InputSize => 3;",
            "Member 'InputSize' of 'Net' has the name of a member DslNets generates; rename it", "Network(Inputs = 2)"),
        ["MemberNamedLikeALayerOffset"] = Network("DSL0020", "    [Dense(1)] public partial DenseLayer Out { get; }\n    public const int OutWeightOffset = 0;",
            "Member 'OutWeightOffset' of 'Net' has the name of a member DslNets generates; rename it", "Network(Inputs = 2)"),

        ["NetworkNamedOutput"] = Network("DSL0021", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network class 'Output' has the name of a member DslNets generates inside it; rename the class", "Network(Inputs = 2)",
            "public partial class Output", "Output"),

        ["FileLocalNetwork"] = Network("DSL0022", "    [Dense(1)] public partial DenseLayer Out { get; }",
            "Network 'Net' cannot be generated: it is file-local, and a generated part in another file cannot join it (drop the 'file' modifier)",
            "Network(Inputs = 2)", "file partial class Net"),
        ["UserSeedConstructor"] = Network("DSL0022", "    [Dense(1)] public partial DenseLayer Out { get; }\n    public Net(int seed) { }",
            "Network 'Net' cannot be generated: it declares the constructor Net(int), which DslNets generates (remove it or change its parameters)",
            "Network(Inputs = 2)"),

        ["NetworkOnTwoPartialParts"] = new("DSL0023",
            $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}}}\n\n[Network(Inputs = 3, Loss = Loss.Hinge)]\npublic partial class Net\n{{\n    [Dense(1)] public partial DenseLayer Out {{ get; }}\n}}\n",
            $"Network 'Net' carries the [Network] attribute more than once; {KeepOneNetwork}", "Network(Inputs = 3, Loss = Loss.Hinge)", "Net"),
        ["NetworkTwiceOnOneDeclaration"] = new("DSL0023",
            $"{Usings}[Network(Inputs = 4)][Network(Inputs = 2)]\npublic partial class Net\n{{\n{Hidden}}}\n",
            $"Network 'Net' carries the [Network] attribute more than once; {KeepOneNetwork}", "Network(Inputs = 2)", "Net"),

        ["PropertyAndFieldWithOneName"] = Layer("DSL0024", Hidden + "    [Dense(1)] public DenseLayer Hidden = null!;",
            "Layer 'Hidden' is declared more than once in 'Net'; give each layer its own name", "Dense(1)"),
        ["TwoPropertiesWithOneName"] = Layer("DSL0024", "    [Dense(3)] public partial DenseLayer Out { get; }\n    [Dense(1, Activation.Sigmoid)] public partial DenseLayer Out { get; }",
            "Layer 'Out' is declared more than once in 'Net'; give each layer its own name", "Dense(1, Activation.Sigmoid)"),
        ["LayerNameInTwoPartialParts"] = new("DSL0024",
            $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}}}\n\npublic partial class Net\n{{\n    [Dense(2, Activation.Tanh)] public partial DenseLayer Hidden {{ get; }}\n}}\n",
            "Layer 'Hidden' is declared more than once in 'Net'; give each layer its own name", "Dense(2, Activation.Tanh)", "Net"),
    };


    private const string Image = "Network(InputShape = [1, 8, 8])";
    private const string Conv = "    [Conv2D(2, 3, Activation.ReLU)] public partial Conv2DLayer C1 { get; }\n";
    private const string NotEarlier = "Residual 'Skip' must add the output of an earlier layer, but its From";

    /// <summary>The cases of the image layers (convolution, pooling, flatten, dropout, residual) and of InputShape.</summary>
    private static IEnumerable<KeyValuePair<string, DiagnosticCase>> ImageCases() => new Dictionary<string, DiagnosticCase>
    {
        ["ConvFiltersZero"] = Layer("DSL0003", "    [Conv2D(0, 3)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1': filters must be at least 1 but is 0", "Conv2D(0, 3)", Image),
        ["ConvKernelZero"] = Layer("DSL0003", "    [Conv2D(2, 0)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1': kernel must be at least 1 but is 0", "Conv2D(2, 0)", Image),
        ["ConvKernelHeightNegative"] = Layer("DSL0003", "    [Conv2D(2, 3, KernelHeight = -2)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1': KernelHeight must be at least 1 but is -2", "Conv2D(2, 3, KernelHeight = -2)", Image),
        ["ConvStrideZero"] = Layer("DSL0003", "    [Conv2D(2, 3, Stride = 0)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1': Stride must be at least 1 but is 0", "Conv2D(2, 3, Stride = 0)", Image),
        ["PoolSizeZero"] = Layer("DSL0003", "    [MaxPool(0)] public partial PoolLayer Pool { get; }",
            "Layer 'Pool': size must be at least 1 but is 0", "MaxPool(0)", Image),
        ["InputShapeHeightZero"] = Network("DSL0003", Conv, "Network 'Net': InputShape's height must be at least 1 but is 0", "Network(InputShape = [1, 0, 8])"),

        ["ConvPaddingNegative"] = Layer("DSL0014", "    [Conv2D(2, 3, Padding = -1)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1': -1 is not a valid Padding (0 or more)", "Conv2D(2, 3, Padding = -1)", Image),
        ["PoolStrideNegative"] = Layer("DSL0014", "    [AvgPool(2, Stride = -2)] public partial PoolLayer Pool { get; }",
            "Layer 'Pool': -2 is not a valid Stride (0 for the window's size, or a step of at least 1)", "AvgPool(2, Stride = -2)", Image),
        ["ResidualActivationOutOfRange"] = Layer("DSL0014", Conv + "    [Residual((Activation)7, From = nameof(C1))] public partial ResidualLayer Skip { get; }",
            "Layer 'Skip': 7 is not a valid Activation", "Residual((Activation)7, From = nameof(C1))", Image),

        ["ConvAsDenseLayer"] = Layer("DSL0013", "    [Conv2D(2, 3)] public partial DenseLayer C1 { get; }",
            "Layer 'C1' is declared as 'DenseLayer' but a convolution layer of a float network must be declared as Conv2DLayer or Conv2DLayer<float>", "Conv2D(2, 3)", Image),
        ["DoubleConvAsFloatView"] = Layer("DSL0013", "    [Conv2D(2, 3)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1' is declared as 'Conv2DLayer' but a convolution layer of a double network must be declared as Conv2DLayer<double>", "Conv2D(2, 3)",
            "Network(InputShape = [1, 8, 8], Precision = Precision.Double)"),
        ["MaxPoolAsDenseLayer"] = Layer("DSL0013", Conv + "    [MaxPool(2)] public partial DenseLayer Pool { get; }",
            "Layer 'Pool' is declared as 'DenseLayer' but a max-pool layer of a float network must be declared as PoolLayer", "MaxPool(2)", Image),
        ["DropoutAsResidualLayer"] = Layer("DSL0013", Conv + "    [Dropout(0.5)] public partial ResidualLayer Drop { get; }",
            "Layer 'Drop' is declared as 'ResidualLayer' but a dropout layer of a float network must be declared as DropoutLayer", "Dropout(0.5)", Image),

        ["TiedToAConvolution"] = Layer("DSL0017", Conv + "    [Dense(72, TiedTo = nameof(C1))] public partial DenseLayer Back { get; }",
            "Layer 'Back' is tied to 'C1', which is a convolution layer; only dense layers can share weights", "Dense(72, TiedTo = nameof(C1))", Image),

        ["ConvKernelLargerThanImage"] = Layer("DSL0025", "    [Conv2D(2, 5)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1' (kernel 5, stride 1) on 1×4×4 from 'Net.InputShape' needs a window of 5×5 but the padded input is 4×4", "Conv2D(2, 5)",
            "Network(InputShape = [1, 4, 4])"),
        ["RectangularKernelTooWide"] = Layer("DSL0025", "    [Conv2D(2, 3, KernelWidth = 9, Padding = 1)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1' (kernel 3×9, stride 1, padding 1) on 1×8×6 from 'Net.InputShape' needs a window of 3×9 but the padded input is 10×8",
            "Conv2D(2, 3, KernelWidth = 9, Padding = 1)", "Network(InputShape = [1, 8, 6])"),
        ["PoolLargerThanTheLayerBefore"] = Layer("DSL0025", "    [Conv2D(2, 3)] public partial Conv2DLayer C1 { get; }\n    [MaxPool(3)] public partial PoolLayer Pool { get; }",
            "Layer 'Pool' (max pool 3, stride 3) on 2×2×2 from 'C1' needs a window of 3×3 but the padded input is 2×2", "MaxPool(3)",
            "Network(InputShape = [1, 4, 4])"),

        ["StrideDoesNotTileTheRows"] = Layer("DSL0026", "    [Conv2D(8, 5, Stride = 2, ExactTiling = true)] public partial Conv2DLayer Conv2 { get; }",
            "Layer 'Conv2' (kernel 5, stride 2) on 16×14×13 gives 5.5 rows: not an integer", "Conv2D(8, 5, Stride = 2, ExactTiling = true)",
            "Network(InputShape = [16, 14, 13])"),
        ["PoolDoesNotTileTheColumns"] = Layer("DSL0026", "    [AvgPool(2, ExactTiling = true)] public partial PoolLayer Pool { get; }",
            "Layer 'Pool' (average pool 2, stride 2) on 1×4×5 gives 2.5 columns: not an integer", "AvgPool(2, ExactTiling = true)",
            "Network(InputShape = [1, 4, 5])"),
        ["StrideTilesNeither"] = Layer("DSL0026", "    [Conv2D(4, 2, Stride = 3, Padding = 1, ExactTiling = true)] public partial Conv2DLayer C1 { get; }",
            "Layer 'C1' (kernel 2, stride 3, padding 1) on 1×8×8 gives 3.667 rows and 3.667 columns: not integers", "Conv2D(4, 2, Stride = 3, Padding = 1, ExactTiling = true)",
            Image),

        ["ResidualAddsTwoShapes"] = Layer("DSL0027",
            "    [Conv2D(32, 2, Stride = 2)] public partial Conv2DLayer Conv1 { get; }\n    [Conv2D(64, 2, Stride = 2)] public partial Conv2DLayer Conv3 { get; }\n" +
            "    [Residual(From = nameof(Conv1))] public partial ResidualLayer Skip { get; }",
            "Residual 'Skip' adds 32×14×14 to 64×7×7: 'Conv1' gives 32×14×14 but 'Conv3' gives 64×7×7, and the two must have one shape",
            "Residual(From = nameof(Conv1))", "Network(InputShape = [3, 28, 28])"),
        ["ResidualAddsTwoLengths"] = Layer("DSL0027", Hidden + "    [Dense(2)] public partial DenseLayer Out { get; }\n    [Residual(From = nameof(Hidden))] public partial ResidualLayer Skip { get; }",
            "Residual 'Skip' adds 3 to 2: 'Hidden' gives 3 but 'Out' gives 2, and the two must have one shape", "Residual(From = nameof(Hidden))"),

        ["ResidualFromALaterLayer"] = Layer("DSL0028", Conv + "    [Residual(From = nameof(Later))] public partial ResidualLayer Skip { get; }\n    [Conv2D(2, 1)] public partial Conv2DLayer Later { get; }",
            $"{NotEarlier} names 'Later', a later layer", "Residual(From = nameof(Later))", Image),
        ["ResidualFromItself"] = Layer("DSL0028", Conv + "    [Residual(From = nameof(Skip))] public partial ResidualLayer Skip { get; }",
            $"{NotEarlier} names the residual itself", "Residual(From = nameof(Skip))", Image),
        ["ResidualFromNoLayer"] = Layer("DSL0028", Conv + "    [Residual(From = \"Nope\")] public partial ResidualLayer Skip { get; }",
            $"{NotEarlier} names 'Nope', which is not a layer of 'Net'", "Residual(From = \"Nope\")", Image),
        ["ResidualWithoutFrom"] = Layer("DSL0028", Conv + "    [Residual(Activation.ReLU)] public partial ResidualLayer Skip { get; }",
            $"{NotEarlier} is not set (use From = nameof(...) of an earlier layer)", "Residual(Activation.ReLU)", Image),

        ["DropoutOne"] = Layer("DSL0029", Conv + "    [Dropout(1.0)] public partial DropoutLayer Drop { get; }",
            "Layer 'Drop': the dropout probability 1 is outside [0, 1)", "Dropout(1.0)", Image),
        ["DropoutNegative"] = Layer("DSL0029", Hidden + "    [Dropout(-0.1)] public partial DropoutLayer Drop { get; }",
            "Layer 'Drop': the dropout probability -0.1 is outside [0, 1)", "Dropout(-0.1)"),
        ["DropoutNaN"] = Layer("DSL0029", Hidden + "    [Dropout(double.NaN)] public partial DropoutLayer Drop { get; }",
            "Layer 'Drop': the dropout probability NaN is outside [0, 1)", "Dropout(double.NaN)"),

        ["ConvOnAFlatInput"] = Layer("DSL0030", Conv,
            "Layer 'C1' (kernel 3, stride 1) needs an image (channels×height×width) but 'Net.Inputs' gives a flat vector of 4 numbers; declare the network's InputShape",
            "Conv2D(2, 3, Activation.ReLU)"),
        ["PoolAfterADenseLayer"] = Layer("DSL0030", Hidden + "    [MaxPool(2)] public partial PoolLayer Pool { get; }",
            "Layer 'Pool' (max pool 2, stride 2) needs an image (channels×height×width) but 'Hidden' gives a flat vector of 3 numbers", "MaxPool(2)", Image),
        ["ConvAfterAFlatten"] = Layer("DSL0030", Conv + "    [Flatten] public partial FlattenLayer Flat { get; }\n    [Conv2D(2, 1)] public partial Conv2DLayer C2 { get; }",
            "Layer 'C2' (kernel 1, stride 1) needs an image (channels×height×width) but 'Flat' gives a flat vector of 72 numbers", "Conv2D(2, 1)", Image),

        ["InputShapeOfTwoSizes"] = Network("DSL0031", Conv,
            "Network 'Net': InputShape must hold 3 sizes (channels, height, width) but holds 2 sizes", "Network(InputShape = [28, 28])"),
        ["InputsDisagreeWithInputShape"] = Network("DSL0031", Conv,
            "Network 'Net': Inputs = 100 but InputShape 1×28×28 holds 784 numbers; drop Inputs or make them agree", "Network(Inputs = 100, InputShape = [1, 28, 28])"),
    };

    /// <summary>The names as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All.Keys) data.Add(name);
        return data;
    }
}
