using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, in one table. docs/diagnostics.md has a section for each (what triggers it,
/// an example, the fix). The help link stays empty: the project has no public address to point at, and a made-up one
/// is worse than none. Counts reach the messages already worded ("1 output", "2 outputs", see <see cref="Counted"/>).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DslNets";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: "");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "DSL0001", "Network class must be partial",
        "{0} must be declared partial so that DslNets can generate its members");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "DSL0002", "Network declares no layers",
        "Network '{0}' declares no layers; add members that carry [Dense] or [SharedFilter]");

    public static readonly DiagnosticDescriptor NonPositiveSize = Error(
        "DSL0003", "Size must be at least 1",
        "{0}: {1} must be at least 1 but is {2}");

    public static readonly DiagnosticDescriptor InputMismatch = Error(
        "DSL0004", "Layer input does not match the previous layer",
        "Layer '{0}' expects {1} but '{2}' produces {3}");

    public static readonly DiagnosticDescriptor NameClash = Error(
        "DSL0005", "Layer name clashes",
        "Layer name '{0}' clashes with {1}; rename the layer");

    public static readonly DiagnosticDescriptor TiedToUnknown = Error(
        "DSL0006", "TiedTo names no layer",
        "Layer '{0}' is tied to '{1}', which is not a layer of '{2}'");

    public static readonly DiagnosticDescriptor TiedToNotEarlier = Error(
        "DSL0007", "TiedTo must name an earlier layer",
        "Layer '{0}' is tied to '{1}', which is not an earlier layer; a tied layer must come after the layer whose weights it uses");

    public static readonly DiagnosticDescriptor TiedShapeMismatch = Error(
        "DSL0008", "Tied layer does not fit the transposed weights",
        "Layer '{0}' is tied to '{1}' and uses the transpose of its {2}×{3} weights, so it must map {4} to {5}, but it maps {6} to {7}");

    public static readonly DiagnosticDescriptor SharedFilterDoesNotFit = Error(
        "DSL0009", "Shared-filter patches do not fit the input",
        "Layer '{0}' needs {4} for {1} of size {2} with stride {3}, but '{5}' produces {6}");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(
        "DSL0010", "Loss does not fit the output",
        "Loss {0} needs {1} but the last layer '{2}' produces {3}");

    public static readonly DiagnosticDescriptor TwoLayerAttributes = Error(
        "DSL0011", "Member carries two layer attributes",
        "Member '{0}' carries both [{1}] and [{2}]; a member declares exactly one layer");

    public static readonly DiagnosticDescriptor InvalidLayerMember = Error(
        "DSL0012", "Layer member has the wrong form",
        "Layer member '{0}' must be a get-only partial property or a field of an instance: {1}");

    public static readonly DiagnosticDescriptor WrongMemberType = Error(
        "DSL0013", "Layer member has the wrong type",
        "Layer '{0}' is declared as '{1}' but a {2} layer of a {3} network must be declared as {4}");

    public static readonly DiagnosticDescriptor InvalidValue = Error(
        "DSL0014", "Invalid attribute value",
        "{0}: {1} is not a valid {2}");

    public static readonly DiagnosticDescriptor UnreadableAttribute = Error(
        "DSL0015", "Attribute cannot be read",
        "The [{0}] attribute on '{1}' cannot be read; fix its arguments first");

    public static readonly DiagnosticDescriptor GenericNetwork = Error(
        "DSL0016", "Network cannot be generic",
        "Network '{0}' cannot be generic or nested in a generic type: every size must be a constant");

    public static readonly DiagnosticDescriptor TiedToNotDense = Error(
        "DSL0017", "Only dense layers can be tied",
        "Layer '{0}' is tied to '{1}', which is a {2} layer; only dense layers can share weights");

    public static readonly DiagnosticDescriptor TooLarge = Error(
        "DSL0018", "Network is too large",
        "Network '{0}' is too large: {1}");

    public static readonly DiagnosticDescriptor NotInstantiable = Error(
        "DSL0019", "Network class must be instantiable",
        "Network class '{0}' must not be static or abstract: DslNets generates constructors for it");

    public static readonly DiagnosticDescriptor MemberNameClash = Error(
        "DSL0020", "Member has the name of a generated member",
        "Member '{0}' of '{1}' has the name of a member DslNets generates; rename it");

    public static readonly DiagnosticDescriptor ClassNameClash = Error(
        "DSL0021", "Network class has the name of a generated member",
        "Network class '{0}' has the name of a member DslNets generates inside it; rename the class");

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = Error(
        "DSL0022", "Network declaration cannot be completed",
        "Network '{0}' cannot be generated: {1}");

    public static readonly DiagnosticDescriptor DuplicateNetworkAttribute = Error(
        "DSL0023", "The [Network] attribute appears more than once",
        "Network '{0}' carries the [Network] attribute more than once; keep exactly one, on one of its partial declarations");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "DSL0024", "Two layers have one name",
        "Layer '{0}' is declared more than once in '{1}'; give each layer its own name");

    public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(
        "DSL0025", "Window larger than its input",
        "Layer '{0}' ({1}) on {2} from '{3}' needs a window of {4} but the padded input is {5}");

    public static readonly DiagnosticDescriptor InexactTiling = Error(
        "DSL0026", "Stride does not tile the input exactly",
        "Layer '{0}' ({1}) on {2} gives {3}");

    public static readonly DiagnosticDescriptor ResidualShapeMismatch = Error(
        "DSL0027", "Residual adds two shapes",
        "Residual '{0}' adds {1} to {2}: '{3}' gives {1} but '{4}' gives {2}, and the two must have one shape");

    public static readonly DiagnosticDescriptor ResidualNotEarlier = Error(
        "DSL0028", "Residual must add an earlier layer",
        "Residual '{0}' must add the output of an earlier layer, but its From {1}");

    public static readonly DiagnosticDescriptor DropoutOutOfRange = Error(
        "DSL0029", "Dropout probability outside [0, 1)",
        "Layer '{0}': the dropout probability {1} is outside [0, 1)");

    public static readonly DiagnosticDescriptor NeedsImage = Error(
        "DSL0030", "Layer needs an image input",
        "Layer '{0}' ({1}) needs an image (channels×height×width) but '{2}' gives a flat vector of {3}{4}");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error(
        "DSL0031", "Input shape is not channels × height × width",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor MaxPoolNotPiecewiseLinear = Error(
        "DSL0032", "Region enumerators cannot follow max pooling",
        "Network '{0}' cannot go to {1}: its max-pool layer '{2}' takes a maximum that the activation pattern does not hold, so the network has no geometry hooks; use [AvgPool] to keep it piecewise linear in the enumerators' sense");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "DSL0099", "Internal generator error",
        "The DslNets generator failed on '{0}': {1}; please report this");
}
