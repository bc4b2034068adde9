namespace DslNets.Generator.Tests.Robustness;

/// <summary>
/// Broken, half-typed and odd declarations, each a whole source file: what a user has in the editor while typing.
/// The generator sees every one of them on every keystroke and must never fail on any.
/// </summary>
public static class BrokenDeclarations
{
    private const string Usings = "using DslNets;\n\nnamespace Broken;\n\n";

    private static string Network(string members, string attribute = "[Network(Inputs = 4)]", string declaration = "public partial class Net") =>
        $"{Usings}{attribute}\n{declaration}\n{{\n{members}\n}}\n";

    private const string Hidden = "    [Dense(3, Activation.ReLU)] public partial DenseLayer Hidden { get; }\n";
    private const string Out = "    [Dense(1)] public partial DenseLayer Out { get; }\n";
    private const string Image = "[Network(InputShape = [1, 8, 8])]";
    private const string Conv = "    [Conv2D(2, 3, Activation.ReLU)] public partial Conv2DLayer C1 { get; }\n";

    /// <summary>Every case by name.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        // Missing or wrong attribute arguments.
        ["DenseWithoutArguments"] = Network("    [Dense] public partial DenseLayer Out { get; }"),
        ["DenseEmptyParentheses"] = Network("    [Dense()] public partial DenseLayer Out { get; }"),
        ["SharedFilterMissingCount"] = Network("    [SharedFilter(3)] public partial SharedFilterLayer Filter { get; }"),
        ["DenseStringArgument"] = Network("    [Dense(\"x\")] public partial DenseLayer Out { get; }"),
        ["DenseDoubleArgument"] = Network("    [Dense(1.5)] public partial DenseLayer Out { get; }"),
        ["DenseActivationAsInt"] = Network("    [Dense(2, 1)] public partial DenseLayer Out { get; }"),
        ["DenseUnknownNamedArgument"] = Network("    [Dense(2, Dropout = 0.5)] public partial DenseLayer Out { get; }"),
        ["DenseTooManyArguments"] = Network("    [Dense(2, Activation.ReLU, 7)] public partial DenseLayer Out { get; }"),
        ["DenseNonConstantSize"] = Network("    static int size = 3;\n    [Dense(size)] public partial DenseLayer Out { get; }"),
        ["NetworkInputsString"] = Network(Out, attribute: "[Network(Inputs = \"a\")]"),
        ["NetworkPositionalArgument"] = Network(Out, attribute: "[Network(4)]"),
        ["NetworkLossAsString"] = Network(Out, attribute: "[Network(Inputs = 4, Loss = \"Hinge\")]"),
        ["NetworkWithoutInputs"] = Network(Out, attribute: "[Network]"),
        ["TiedToAnInteger"] = Network(Hidden + "    [Dense(4, TiedTo = 3)] public partial DenseLayer Decoder { get; }"),

        // Nonsense values.
        ["ZeroOutputs"] = Network("    [Dense(0)] public partial DenseLayer Out { get; }"),
        ["NegativeOutputs"] = Network(Hidden + "    [Dense(-3)] public partial DenseLayer Out { get; }"),
        ["NegativeInputs"] = Network(Out, attribute: "[Network(Inputs = -1)]"),
        ["HugeOutputs"] = Network("    [Dense(int.MaxValue)] public partial DenseLayer Out { get; }"),
        ["HugeInputs"] = Network(Hidden + Out, attribute: "[Network(Inputs = int.MaxValue)]"),
        ["HugeSharedFilter"] = Network("    [SharedFilter(int.MaxValue, int.MaxValue)] public partial SharedFilterLayer Filter { get; }"),
        ["HugeLayersMultiplyPastIntRange"] = Network("    [Dense(65536)] public partial DenseLayer Wide { get; }\n    [Dense(65536)] public partial DenseLayer Wider { get; }"),
        ["ActivationCastFromNumber"] = Network("    [Dense(3, (Activation)99)] public partial DenseLayer Out { get; }"),
        ["NegativeActivationCast"] = Network("    [SharedFilter(2, 2, (Activation)(-1), Stride = 1)] public partial SharedFilterLayer Filter { get; }"),
        ["LossCastFromNumber"] = Network(Out, attribute: "[Network(Inputs = 4, Loss = (Loss)42)]"),
        ["PrecisionCastFromNumber"] = Network(Out, attribute: "[Network(Inputs = 4, Precision = (Precision)7)]"),
        ["NaNLeakySlope"] = Network("    [Dense(2, Activation.LeakyReLU, LeakySlope = double.NaN)] public partial DenseLayer Out { get; }"),
        ["InfiniteLeakySlope"] = Network("    [Dense(2, Activation.LeakyReLU, LeakySlope = double.PositiveInfinity)] public partial DenseLayer Out { get; }"),
        ["NegativeLeakySlope"] = Network("    [Dense(2, Activation.LeakyReLU, LeakySlope = -0.5)] public partial DenseLayer Out { get; }"),
        ["NegativeDenseInputs"] = Network("    [Dense(2, Inputs = -2)] public partial DenseLayer Out { get; }"),
        ["DenseInputsMismatch"] = Network(Hidden + "    [Dense(2, Inputs = 7)] public partial DenseLayer Out { get; }"),
        ["NegativeStride"] = Network("    [SharedFilter(2, 2, Stride = -1)] public partial SharedFilterLayer Filter { get; }"),
        ["StrideDoesNotFit"] = Network("    [SharedFilter(3, 4, Stride = 2)] public partial SharedFilterLayer Filter { get; }"),
        ["SoftmaxWithOneOutput"] = Network(Out, attribute: "[Network(Inputs = 4, Loss = Loss.SoftmaxCrossEntropy)]"),
        ["LogisticWithTwoOutputs"] = Network("    [Dense(2)] public partial DenseLayer Out { get; }", attribute: "[Network(Inputs = 4, Loss = Loss.Logistic)]"),
        ["HingeWithThreeOutputs"] = Network("    [Dense(3)] public partial DenseLayer Out { get; }", attribute: "[Network(Inputs = 4, Loss = Loss.Hinge)]"),

        // Unfinished code.
        ["MissingClosingBrace"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Out}",
        ["MissingClassBody"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n",
        ["PropertyWithoutType"] = Network("    [Dense(3)] public partial Hidden { get; }"),
        ["PropertyWithoutName"] = Network("    [Dense(3)] public partial DenseLayer { get; }"),
        ["PropertyWithoutAccessors"] = Network("    [Dense(3)] public partial DenseLayer Out"),
        ["AttributeWithoutClosingParenthesis"] = Network("    [Dense(3 public partial DenseLayer Out { get; }"),
        ["AttributeWithoutClosingBracket"] = Network("    [Dense(3) public partial DenseLayer Out { get; }"),
        ["DenseOpenAtEndOfFile"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}    [Dense(",
        ["NetworkOpenAtEndOfFile"] = $"{Usings}[Network(Inputs = ",
        ["OnlyNetworkAttribute"] = $"{Usings}[Network]",
        ["AttributeOnNothing"] = Network("    [Dense(3)]"),
        ["EmptyFile"] = "",
        ["UnknownLayerType"] = Network("    [Dense(3)] public partial DenseLayr Out { get; }"),
        ["MissingUsing"] = "namespace Broken;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n    [Dense(1)] public partial DenseLayer Out { get; }\n}\n",
        ["UnknownActivationMember"] = Network("    [Dense(3, Activation.Swish)] public partial DenseLayer Out { get; }"),

        // The wrong kind of type.
        ["NotPartial"] = Network(Out, declaration: "public class Net"),
        ["StaticClass"] = Network(Out, declaration: "public static partial class Net"),
        ["AbstractClass"] = Network(Out, declaration: "public abstract partial class Net"),
        ["GenericClass"] = Network(Out, declaration: "public partial class Net<T>"),
        ["NestedInPartialClass"] = $"{Usings}public partial class Outer\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["NestedInNonPartialClass"] = $"{Usings}public class Outer\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["NestedInGenericClass"] = $"{Usings}public partial class Outer<T>\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["PrivateNestedNetwork"] = $"{Usings}public partial class Outer\n{{\n    [Network(Inputs = 4)]\n    private partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["RecordClass"] = Network(Out, declaration: "public partial record Net"),
        ["Struct"] = Network(Out, declaration: "public partial struct Net"),
        ["RecordStruct"] = Network(Out, declaration: "public partial record struct Net"),
        ["Interface"] = Network("    [Dense(1)] DenseLayer Out { get; }", declaration: "public partial interface INet"),
        ["SealedInternalClass"] = Network(Out, declaration: "internal sealed partial class Net"),
        ["NetworkNamedOutput"] = Network(Out, declaration: "public partial class Output"),
        ["NetworkNamedLikeItsLayer"] = Network("    [Dense(1)] public partial DenseLayer Net { get; }"),
        ["GlobalNamespace"] = $"using DslNets;\n\n[Network(Inputs = 4)]\npublic partial class GlobalNet\n{{\n{Hidden}{Out}}}\n",
        ["BlockNamespace"] = $"using DslNets;\n\nnamespace Broken.Block\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Hidden}    {Out}    }}\n}}\n",
        ["TwoNetworksOneBroken"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Good\n{{\n{Hidden}{Out}}}\n\n[Network(Inputs = 0)]\npublic partial class Bad\n{{\n{Out}}}\n",
        ["TwoNetworkAttributes"] = Network(Out, attribute: "[Network(Inputs = 4)][Network(Inputs = 3)]"),

        // Layer members of the wrong form.
        ["NoLayers"] = Network(""),
        ["OnlyOrdinaryMembers"] = Network("    public int Count { get; set; }\n    public void Train() { }"),
        ["LayerOnMethod"] = Network(Out + "    [Dense(3)] public void Train() { }"),
        ["LayerOnStaticProperty"] = Network("    [Dense(1)] public static partial DenseLayer Out { get; }"),
        ["LayerWithSetter"] = Network("    [Dense(1)] public partial DenseLayer Out { get; set; }"),
        ["LayerWithInitSetter"] = Network("    [Dense(1)] public partial DenseLayer Out { get; init; }"),
        ["LayerNotPartial"] = Network("    [Dense(1)] public DenseLayer Out { get; }"),
        ["LayerWithBody"] = Network("    [Dense(1)] public DenseLayer Out => null!;"),
        ["LayerIsIndexer"] = Network("    [Dense(1)] public partial DenseLayer this[int index] { get; }"),
        ["LayerIsField"] = Network("    [Dense(1)] public readonly DenseLayer Out = null!;"),
        ["LayerIsStaticField"] = Network("    [Dense(1)] public static DenseLayer? Out;"),
        ["LayerIsConst"] = Network(Out + "    [Dense(1)] public const int Size = 3;"),
        ["LayerOfWrongType"] = Network("    [Dense(1)] public partial SharedFilterLayer Out { get; }"),
        ["LayerOfPrimitiveType"] = Network("    [Dense(1)] public partial int Out { get; }"),
        ["FloatLayerInDoubleNetwork"] = Network(Out, attribute: "[Network(Inputs = 4, Precision = Precision.Double)]"),
        ["TwoLayerAttributes"] = Network("    [Dense(3)][SharedFilter(2, 2)] public partial DenseLayer Both { get; }"),
        ["TwoLayerAttributesInOneList"] = Network("    [SharedFilter(2, 2, Stride = 1), Dense(3)] public partial SharedFilterLayer Both { get; }"),
        ["SameAttributeTwice"] = Network("    [Dense(3)][Dense(4)] public partial DenseLayer Twice { get; }"),
        ["DuplicateLayerNames"] = Network(Out + Out),
        ["LayerNamedOutput"] = Network("    [Dense(1)] public partial DenseLayer Output { get; }"),
        ["LayerNamedInput"] = Network("    [Dense(1)] public partial DenseLayer Input { get; }"),
        ["LayerNamedParameters"] = Network("    [Dense(1)] public partial DenseLayer Parameters { get; }"),
        ["LayerNamedForward"] = Network("    [Dense(1)] public partial DenseLayer Forward { get; }"),
        ["VerbatimLayerName"] = Network("    [Dense(1)] public partial DenseLayer @class { get; }"),
        ["UserMemberNamedLikeGenerated"] = Network(Out + "    public const int InputSize = 99;"),

        // TiedTo.
        ["TiedToItself"] = Network("    [Dense(4, TiedTo = nameof(Decoder))] public partial DenseLayer Decoder { get; }"),
        ["TiedToNothing"] = Network(Hidden + "    [Dense(4, TiedTo = \"Nope\")] public partial DenseLayer Decoder { get; }"),
        ["TiedToLaterLayer"] = Network("    [Dense(3, TiedTo = nameof(Decoder))] public partial DenseLayer Encoder { get; }\n    [Dense(4)] public partial DenseLayer Decoder { get; }"),
        ["TiedToNull"] = Network(Hidden + "    [Dense(4, TiedTo = null)] public partial DenseLayer Decoder { get; }"),
        ["TiedToEmpty"] = Network(Hidden + "    [Dense(4, TiedTo = \"\")] public partial DenseLayer Decoder { get; }"),
        ["TiedToUnknownNameof"] = Network(Hidden + "    [Dense(4, TiedTo = nameof(Missing))] public partial DenseLayer Decoder { get; }"),
        ["TiedShapeMismatch"] = Network(Hidden + "    [Dense(5, TiedTo = nameof(Hidden))] public partial DenseLayer Decoder { get; }"),
        ["TiedToSharedFilter"] = Network("    [SharedFilter(2, 3, Stride = 1)] public partial SharedFilterLayer Filter { get; }\n    [Dense(1, TiedTo = nameof(Filter))] public partial DenseLayer Out { get; }"),
        ["TiedToALayerWithAnInvalidActivation"] = Network("    [Dense(3, (Activation)9)] public partial DenseLayer Enc { get; }\n    [Dense(4, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }"),
        ["TiedToALayerOfTheWrongType"] = Network("    [Dense(3)] public partial SharedFilterLayer Enc { get; }\n    [Dense(4, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }"),
        ["TieAfterAClashingLayer"] = Network("    [Dense(5)] public partial DenseLayer Input { get; }\n    [Dense(3)] public partial DenseLayer Enc { get; }\n    [Dense(5, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }"),
        ["TieAfterTwoBrokenLayers"] = Network("    [Dense(0)] public partial DenseLayer First { get; }\n    [Dense(4, (Activation)9)] public partial DenseLayer Second { get; }\n    [Dense(3)] public partial DenseLayer Enc { get; }\n    [Dense(2)] public partial DenseLayer Middle { get; }\n    [Dense(3, TiedTo = nameof(Middle))] public partial DenseLayer Dec { get; }"),
        ["TiedToATiedLayer"] = Network(Hidden + "    [Dense(4, TiedTo = nameof(Hidden))] public partial DenseLayer Decoder { get; }\n    [Dense(3, TiedTo = nameof(Decoder))] public partial DenseLayer Again { get; }"),

        // Image layers and the input shape.
        ["Conv2DWithoutArguments"] = Network("    [Conv2D] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["Conv2DStringKernel"] = Network("    [Conv2D(2, \"3\")] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["MaxPoolWithoutSize"] = Network(Conv + "    [MaxPool] public partial PoolLayer Pool { get; }", attribute: Image),
        ["DropoutAsString"] = Network(Conv + "    [Dropout(\"half\")] public partial DropoutLayer Drop { get; }", attribute: Image),
        ["DropoutTwo"] = Network(Conv + "    [Dropout(2)] public partial DropoutLayer Drop { get; }", attribute: Image),
        ["ExactTilingAsInt"] = Network("    [Conv2D(2, 3, ExactTiling = 1)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["ResidualFromAnInteger"] = Network(Conv + "    [Residual(From = 3)] public partial ResidualLayer Skip { get; }", attribute: Image),
        ["ResidualFromMissingNameof"] = Network(Conv + "    [Residual(From = nameof(Missing))] public partial ResidualLayer Skip { get; }", attribute: Image),
        ["ResidualFirst"] = Network("    [Residual(From = nameof(Skip))] public partial ResidualLayer Skip { get; }", attribute: Image),
        ["InputShapeAsString"] = Network(Conv, attribute: "[Network(InputShape = \"1x8x8\")]"),
        ["InputShapeEmpty"] = Network(Conv, attribute: "[Network(InputShape = [])]"),
        ["InputShapeNull"] = Network(Conv, attribute: "[Network(InputShape = null)]"),
        ["InputShapeNegative"] = Network(Conv, attribute: "[Network(InputShape = [1, -8, 8])]"),
        ["InputShapeOfFour"] = Network(Conv, attribute: "[Network(InputShape = [1, 2, 3, 4])]"),
        ["InputShapeHuge"] = Network(Conv, attribute: "[Network(InputShape = [int.MaxValue, int.MaxValue, int.MaxValue])]"),
        ["HugeKernel"] = Network("    [Conv2D(2, int.MaxValue)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["HugePadding"] = Network("    [Conv2D(2, 3, Padding = int.MaxValue)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["HugeFilters"] = Network("    [Conv2D(int.MaxValue, 3)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["HugeStride"] = Network("    [Conv2D(2, 3, Stride = int.MaxValue)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["ConvOnAFlatInput"] = Network(Conv),
        ["ConvAsDenseLayer"] = Network("    [Conv2D(2, 3)] public partial DenseLayer C1 { get; }", attribute: Image),
        ["ConvAndPoolOnOneMember"] = Network("    [Conv2D(2, 3)][MaxPool(2)] public partial Conv2DLayer Both { get; }", attribute: Image),
        ["ResidualShapeMismatch"] = Network(Conv + "    [Conv2D(3, 3)] public partial Conv2DLayer C2 { get; }\n    [Residual(From = nameof(C1))] public partial ResidualLayer Skip { get; }", attribute: Image),

        // Valid declarations written in unusual ways: these must give compiling code.
        ["FileScopedNamespace"] = Network(Hidden + Out),
        ["FullyQualifiedAttributes"] = "namespace Broken;\n\n[DslNets.NetworkAttribute(Inputs = 4)]\npublic partial class Net\n{\n    [DslNets.Dense(3)] public partial DslNets.DenseLayer Hidden { get; }\n    [global::DslNets.DenseAttribute(1)] public partial global::DslNets.DenseLayer Out { get; }\n}\n",
        ["AliasedAttribute"] = "using DslNets;\nusing Layer = DslNets.DenseAttribute;\n\nnamespace Broken;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n    [Layer(1)] public partial DenseLayer Out { get; }\n}\n",
        ["ConstantExpressionSizes"] = Network("    private const int Width = 3;\n    [Dense(Width * 2 - 1, Activation.Tanh, Bias = false)] public partial DenseLayer Hidden { get; }\n    [Dense(Width - 2)] public partial DenseLayer Out { get; }"),
        ["GenericLayerTypes"] = Network("    [Dense(3)] public partial DenseLayer<double> Hidden { get; }\n    [Dense(1)] public partial DenseLayer<double> Out { get; }", attribute: "[Network(Inputs = 4, Precision = Precision.Double)]"),
        ["TiedAutoencoder"] = Network(Hidden + "    [Dense(4, Activation.Sigmoid, TiedTo = nameof(Hidden))] public partial DenseLayer Decoder { get; }"),
        ["PatchSharedFilter"] = Network("    [SharedFilter(2, 3, Stride = 1)] public partial SharedFilterLayer Filter { get; }", attribute: "[Network(Inputs = 4, Loss = Loss.Hinge)]"),
        ["MatrixSharedFilter"] = Network("    [SharedFilter(2, 3, Activation.LeakyReLU, LeakySlope = 0.2)] public partial SharedFilterLayer<double> Filter { get; }", attribute: "[Network(Inputs = 4, Precision = Precision.Double)]"),
        ["InternalNetwork"] = Network(Hidden + Out, declaration: "internal partial class Net"),
        ["DocumentedLayers"] = Network("    /// <summary>The only layer.</summary>\n    [Dense(1)] public partial DenseLayer Out { get; }", declaration: "/// <summary>A network.</summary>\npublic partial class Net"),
        // Hygiene: names and shapes of the surrounding code that generated code must not trip over.
        ["VerbatimNetworkName"] = Network(Hidden + Out, declaration: "public partial class @event"),
        ["VerbatimNamespace"] = "using DslNets;\n\nnamespace Broken.@class;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n" + Out + "}\n",
        ["NestedInPartialStruct"] = $"{Usings}public partial struct Outer\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["NestedInPartialRecord"] = $"{Usings}public partial record Outer(int Size)\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["NestedInStaticPartialClass"] = $"{Usings}public static partial class Outer\n{{\n    [Network(Inputs = 4)]\n    public partial class Net\n    {{\n    {Out}    }}\n}}\n",
        ["NestedTwoDeep"] = $"{Usings}public partial class A\n{{\n    internal partial class B\n    {{\n        [Network(Inputs = 4)]\n        public partial class Net\n        {{\n        {Out}        }}\n    }}\n}}\n",
        ["AliasedLayerType"] = "using DslNets;\nusing Layer = DslNets.DenseLayer;\n\nnamespace Broken;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n    [Dense(1)] public partial Layer Out { get; }\n}\n",
        ["NullableLayerType"] = Network("    [Dense(1)] public partial DenseLayer? Out { get; }"),
        ["PrivateLayer"] = Network("    [Dense(1)] private partial DenseLayer Out { get; }"),
        ["InternalLayer"] = Network("    [Dense(3)] internal partial DenseLayer Hidden { get; }\n    [Dense(1)] protected internal partial DenseLayer Out { get; }"),
        ["VirtualLayer"] = Network("    [Dense(1)] public virtual partial DenseLayer Out { get; }"),
        ["UserConstructorWithSeed"] = Network(Out + "    public Net(int seed) { }"),
        ["UserParameterlessConstructor"] = Network(Out + "    public Net() : this(1) { }"),
        ["NetworkDerivedFromNetwork"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Base\n{{\n{Out}}}\n\n[Network(Inputs = 4)]\npublic partial class Derived : Base\n{{\n    [Dense(2)] public partial DenseLayer Head {{ get; }}\n}}\n",
        ["NetworkDerivedFromOrdinaryClass"] = $"{Usings}public class Base {{ public int Epochs {{ get; set; }} }}\n\n[Network(Inputs = 4)]\npublic partial class Net : Base\n{{\n{Out}}}\n",
        ["FileLocalNetwork"] = Network(Out, declaration: "file partial class Net"),
        ["NamespaceNamedLikeTheNetwork"] = "using DslNets;\n\nnamespace Broken.Net;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n" + Out + "}\n",
        ["UserTypeNamedSystem"] = Network(Hidden + Out) + "\npublic class System { }\n",
        ["UserTypeNamedDslNets"] = "using DslNets;\n\nnamespace Broken;\n\npublic static class DslNets { }\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n" + Out + "}\n",
        ["UserTypeNamedMath"] = Network(Hidden + "    [Dense(1, Activation.Tanh)] public partial DenseLayer Out { get; }", attribute: "[Network(Inputs = 4, Loss = Loss.Logistic)]") + "\npublic static class Math { }\npublic static class MathF { }\npublic static class Span { }\n",
        ["LayerNamesDifferingInCase"] = Network("    [Dense(3)] public partial DenseLayer Hidden { get; }\n    [Dense(1)] public partial DenseLayer hidden { get; }"),
        ["UnicodeLayerName"] = Network("    [Dense(3)] public partial DenseLayer Größe { get; }\n    [Dense(1)] public partial DenseLayer Ausgabe { get; }"),
        ["DisabledNullableContext"] = "#nullable disable\n" + Network(Hidden + Out),
        ["NetworkOnTwoPartialParts"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}}}\n\n[Network(Inputs = 3)]\npublic partial class Net\n{{\n{Out}}}\n",
        ["NetworkOnThreePartialParts"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}}}\n\n[Network(Inputs = 4)]\npublic partial class Net\n{{\n}}\n\n[Network]\npublic partial class Net\n{{\n{Out}}}\n",
        ["PropertyAndFieldWithOneName"] = Network(Hidden + "    [Dense(1)] public DenseLayer Hidden = null!;"),
        ["LayerNameInTwoPartialParts"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Hidden}}}\n\npublic partial class Net\n{{\n{Hidden}}}\n",
        ["ImageLayersAsFields"] = Network("    [Conv2D(2, 3, Activation.ReLU)] public readonly Conv2DLayer C1 = null!;\n    [AvgPool(2)] public readonly PoolLayer Pool = null!;\n    [Dense(1)] public readonly DenseLayer Out = null!;", attribute: Image),
        ["RectangularKernel"] = Network("    [Conv2D(2, 0, KernelHeight = 3, KernelWidth = 2)] public partial Conv2DLayer C1 { get; }", attribute: Image),
        ["ResidualOnDenseLayers"] = Network(Hidden + "    [Dense(3)] public partial DenseLayer Block { get; }\n    [Residual(Activation.ReLU, From = nameof(Hidden))] public partial ResidualLayer Skip { get; }\n" + Out),
        ["DropoutOnly"] = Network("    [Dropout(0.5)] public partial DropoutLayer Drop { get; }"),
        ["FlattenOnly"] = Network("    [Flatten] public partial FlattenLayer Flat { get; }", attribute: Image),
        ["ResidualFromTheLayerBefore"] = Network(Conv + "    [Residual(From = nameof(C1))] public partial ResidualLayer Twice { get; }", attribute: Image),
        ["PartialAcrossTwoDeclarations"] = $"{Usings}[Network(Inputs = 4)]\npublic partial class Net\n{{\n{Out}}}\n\npublic partial class Net\n{{\n    public int Epochs {{ get; set; }}\n}}\n",
    };

    /// <summary>The names as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All.Keys) data.Add(name);
        return data;
    }
}
