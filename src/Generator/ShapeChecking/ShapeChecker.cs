using System;
using System.Collections.Generic;
using System.Linq;
using DslNets.Generator.Diagnostics;
using DslNets.Generator.Model;

namespace DslNets.Generator.ShapeChecking;

/// <summary>
/// Infers every layer's shape and parameter layout from a declaration, or reports why it cannot
/// (a diagnostic at the offending attribute naming the layer and both shapes).
/// </summary>
internal static class ShapeChecker
{
    /// <summary>Names the generated code uses for its own members; a layer may not take them.</summary>
    internal static readonly string[] ReservedNames =
    [
        "Input", "Output", "Target", "Parameters", "Constants", "Forward", "ForwardBatch", "Gradient", "GradientBatch",
        "Loss", "ComputeLoss", "Summary", "Layers", "Tensors", "InputSize", "OutputSize", "ParameterCount", "ConstantCount",
        "LossFunction", "Precision", "IsPiecewiseLinear", "Create", "KinkCount", "KinkRanges", "AffineForms", "DeviceKernels",
    ];

    /// <summary>
    /// The most activation numbers one sample may need, all layers together: up to <see cref="StackElements"/> they live in
    /// stack buffers, beyond that in a per-thread buffer allocated once (see KernelEmitter).
    /// </summary>
    internal const int MaxBufferedElements = 1 << 24;

    /// <summary>Activations of all layers together up to this many numbers are kept in stack buffers.</summary>
    internal const int StackElements = 1 << 15;

    public static CheckedNetwork Check(NetworkSpec spec)
    {
        string hintName = spec.FullName.Replace("@", "") + ".g.cs";
        // Shared with the catch: a bug met late must not hide the user's mistakes found before it.
        var diagnostics = new List<DiagnosticInfo>(spec.Diagnostics);
        try
        {
            return CheckCore(spec, hintName, diagnostics) with { Stub = spec.Stub };
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.AttributeLocation, spec.TypeName, exception.Message));
            return new CheckedNetwork(hintName, null, diagnostics.ToEquatableArray()) { Stub = spec.Stub };
        }
    }

    private static CheckedNetwork CheckCore(NetworkSpec spec, string hintName, List<DiagnosticInfo> diagnostics)
    {
        string networkLabel = $"Network '{spec.TypeName}'";
        LocationInfo? networkLocation = spec.AttributeLocation;

        ImageDims? inputImage = null;
        int inputSize = spec.Inputs;
        if (spec.NetworkAttributeReadable)
        {
            if (spec.InputShapeDeclared) inputImage = CheckInputShape(spec, networkLabel, diagnostics, out inputSize);
            else if (spec.Inputs < 1) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, networkLocation, networkLabel, "Inputs", spec.Inputs));
        }

        if (spec.Loss is < 0 or > LossCodes.SoftmaxCrossEntropy)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, networkLocation, networkLabel, spec.Loss, "Loss"));
        }

        if (spec.Precision is < 0 or > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, networkLocation, networkLabel, spec.Precision, "Precision"));
        }

        if (Array.IndexOf(ReservedNames, spec.TypeName) >= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNameClash, networkLocation, spec.TypeName));
        }

        foreach (string name in spec.OtherMemberNames)
        {
            if (IsGeneratedName(spec, name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameClash, networkLocation, name, spec.TypeName));
            }
        }

        if (spec.Layers.IsEmpty && spec.Diagnostics.IsEmpty)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, networkLocation, spec.TypeName));
        }

        bool isDouble = spec.Precision == 1;
        var shaped = new List<ShapedLayer>();
        // By declared index: `shaped` skips layers that failed their checks, so a tie's target index cannot index it.
        var shapedByIndex = new ShapedLayer?[spec.Layers.Length];
        // What each declared layer takes and gives (0 and null where unknown: a broken layer, or one whose own sizes are wrong).
        var inputsByIndex = new int[spec.Layers.Length];
        var outputsByIndex = new int[spec.Layers.Length];
        var imagesByIndex = new ImageDims?[spec.Layers.Length];
        int previousSize = inputSize;
        ImageDims? previousImage = inputImage;
        string previousName = spec.TypeName + (inputImage is null ? ".Inputs" : ".InputShape");
        long parameters = 0, constants = 0, buffered = 0;
        for (int index = 0; index < spec.Layers.Length; index++)
        {
            LayerSpec layer = spec.Layers[index];
            if (layer.IsBroken)
            {
                // Already diagnosed; what it produces is unknown, so the next layer is not checked against it.
                previousSize = 0;
                previousImage = null;
                previousName = layer.Name;
                continue;
            }

            string label = $"Layer '{layer.Name}'";
            LocationInfo? at = layer.Location;
            int before = diagnostics.Count;

            if (Array.IndexOf(ReservedNames, layer.Name) >= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, at, layer.Name, $"the generated member '{spec.TypeName}.{layer.Name}'"));
            }

            if (!layer.TypeIsValid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongMemberType, at, layer.Name, layer.DeclaredTypeDisplay,
                    LayerViews.KindName(layer.Kind), isDouble ? "double" : "float", LayerViews.Expected(layer.Kind, isDouble)));
            }

            if (layer.Activation is < 0 or > ActivationCodes.Tanh)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label, layer.Activation, "Activation"));
            }

            if (double.IsNaN(layer.LeakySlope) || double.IsInfinity(layer.LeakySlope) || layer.LeakySlope < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label,
                    layer.LeakySlope.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "LeakySlope (a finite number, at least 0)"));
            }

            int inputs = previousSize;
            ImageDims? inImage = previousImage;
            int outputs = 0;
            ImageDims? outImage = null;
            int tiedIndex = -1, fromIndex = -1, stride = layer.Stride;
            switch (layer.Kind)
            {
                case LayerKindSpec.Dense:
                    // An image before a dense layer is read as one vector (the implied flatten).
                    inImage = null;
                    outputs = layer.Outputs;
                    if (layer.Outputs < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, "outputs", layer.Outputs));
                    }

                    if (layer.DeclaredInputs < 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label, layer.DeclaredInputs,
                            "Inputs (0 to infer, or the expected input count)"));
                    }
                    else if (layer.DeclaredInputs > 0 && previousSize >= 1 && layer.DeclaredInputs != previousSize)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputMismatch, at, layer.Name, Counted.Of(layer.DeclaredInputs, "input"), previousName, previousSize));
                    }

                    if (layer.TiedTo is not null)
                    {
                        tiedIndex = CheckTie(spec, index, layer, inputs, outputs, inputsByIndex, outputsByIndex, diagnostics);
                    }

                    break;
                case LayerKindSpec.SharedFilter:
                    inImage = null;
                    outputs = 1;
                    if (layer.FilterSize < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, "filterSize", layer.FilterSize));
                    }

                    if (layer.Count < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, "count", layer.Count));
                    }

                    if (layer.Stride < 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label, layer.Stride, "Stride (0 or more)"));
                    }
                    else if (layer.Stride > 0 && layer.FilterSize >= 1 && layer.Count >= 1 && previousSize >= 1)
                    {
                        long needed = (long)(layer.Count - 1) * layer.Stride + layer.FilterSize;
                        if (needed > previousSize)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SharedFilterDoesNotFit, at, layer.Name, Counted.Of(layer.Count, "patch", "patches"),
                                layer.FilterSize, layer.Stride, Counted.Of(needed, "input"), previousName, previousSize));
                        }
                    }

                    break;
                case LayerKindSpec.Conv2D:
                case LayerKindSpec.MaxPool:
                case LayerKindSpec.AvgPool:
                {
                    bool conv = layer.Kind == LayerKindSpec.Conv2D;
                    bool sizes = true;
                    if (conv && layer.Outputs < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, "filters", layer.Outputs));
                        sizes = false;
                    }

                    if (layer.KernelHeight < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, layer.KernelHeightSource, layer.KernelHeight));
                        sizes = false;
                    }

                    // A square kernel below 1 is one mistake, reported once.
                    if (layer.KernelWidth < 1 && !(layer.KernelWidthSource == layer.KernelHeightSource && layer.KernelHeight < 1))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, layer.KernelWidthSource, layer.KernelWidth));
                        sizes = false;
                    }

                    if (conv && layer.Stride < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, label, "Stride", layer.Stride));
                        sizes = false;
                    }
                    else if (!conv && layer.Stride < 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label, layer.Stride, "Stride (0 for the window's size, or a step of at least 1)"));
                        sizes = false;
                    }

                    if (layer.Padding < 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, at, label, layer.Padding, "Padding (0 or more)"));
                        sizes = false;
                    }

                    stride = !conv && layer.Stride == 0 ? layer.KernelHeight : layer.Stride;
                    if (!sizes || previousSize < 1) break;
                    string description = WindowDescription(layer, stride);
                    if (inImage is not ImageDims image)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NeedsImage, at, layer.Name, description, previousName,
                            Counted.Of(previousSize, "number"), index == 0 || previousName == spec.TypeName + ".Inputs" ? "; declare the network's InputShape" : ""));
                        break;
                    }

                    outImage = Window(spec.TypeName, layer, description, image, conv ? layer.Outputs : image.Channels, stride, previousName, diagnostics);
                    if (outImage is ImageDims shape) outputs = shape.Size;
                    break;
                }

                case LayerKindSpec.Flatten:
                    outputs = inputs;
                    break;
                case LayerKindSpec.Dropout:
                    outputs = inputs;
                    outImage = inImage;
                    if (!(layer.DropoutProbability >= 0 && layer.DropoutProbability < 1))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutOutOfRange, at, layer.Name,
                            layer.DropoutProbability.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    break;
                default:
                    outputs = inputs;
                    outImage = inImage;
                    fromIndex = CheckResidual(spec, index, layer, previousName, inputs, inImage, outputsByIndex, imagesByIndex, diagnostics);
                    break;
            }

            // A tie to a layer that failed its own checks (already diagnosed) has no weights to use: nothing to lay out.
            bool tiedTargetShaped = tiedIndex < 0 || shapedByIndex[tiedIndex] is not null;
            bool fromShaped = fromIndex < 0 || shapedByIndex[fromIndex] is not null;
            if (diagnostics.Count == before && inputs >= 1 && tiedTargetShaped && fromShaped)
            {
                // Layout: the weights a layer owns, then its bias; fixed matrices go to the constants.
                int channels = inImage?.Channels ?? 0;
                long weightCount = layer.Kind switch
                {
                    LayerKindSpec.Dense => tiedIndex >= 0 ? 0 : (long)inputs * outputs,
                    LayerKindSpec.SharedFilter => layer.FilterSize,
                    LayerKindSpec.Conv2D => (long)layer.Outputs * channels * layer.KernelHeight * layer.KernelWidth,
                    _ => 0,
                };
                long biasCount = layer.Bias && layer.Kind is LayerKindSpec.Dense or LayerKindSpec.Conv2D ? (layer.Kind == LayerKindSpec.Dense ? outputs : layer.Outputs) : 0;
                long constantCount = layer.Kind == LayerKindSpec.SharedFilter && layer.Stride == 0 ? (long)layer.Count * layer.FilterSize * inputs : 0;
                long multiplyAdds = layer.Kind switch
                {
                    LayerKindSpec.Dense => (long)inputs * outputs,
                    LayerKindSpec.SharedFilter => (long)layer.Count * layer.FilterSize * (layer.Stride > 0 ? 1 : inputs + 1L),
                    LayerKindSpec.Conv2D => (long)outputs * channels * layer.KernelHeight * layer.KernelWidth,
                    _ => 0,
                };
                long weightOffset = weightCount > 0 ? parameters : -1;
                long biasOffset = biasCount > 0 ? parameters + weightCount : -1;
                long constantOffset = constantCount > 0 ? constants : -1;
                parameters += weightCount + biasCount;
                constants += constantCount;
                // A flatten reads its input's buffer as it is.
                buffered += (layer.Kind == LayerKindSpec.Flatten ? 0 : outputs) + (layer.Kind == LayerKindSpec.SharedFilter ? (long)layer.Count * (1 + layer.FilterSize) : 0);
                if (parameters > int.MaxValue / 2 || constants > int.MaxValue / 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, at, spec.TypeName,
                        $"layer '{layer.Name}' brings the parameters to {parameters} and the constants to {constants}; at most {int.MaxValue / 2} fit in one array"));
                }
                else if (buffered > MaxBufferedElements)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, at, spec.TypeName,
                        $"the activations up to layer '{layer.Name}' add up to {buffered} numbers; at most {MaxBufferedElements} fit in one sample's activation buffers"));
                }
                else
                {
                    int usedWeightOffset = tiedIndex >= 0 ? shapedByIndex[tiedIndex]!.UsedWeightOffset : (int)weightOffset;
                    // Without its location: the emitter never needs it, and an edit above the network then leaves the
                    // checked model equal, so nothing downstream runs again.
                    var shapedLayer = new ShapedLayer(layer with { Location = null }, index, inputs, outputs, (int)weightOffset, (int)weightCount, usedWeightOffset,
                        (int)biasOffset, (int)biasCount, tiedIndex, (int)constantOffset)
                    {
                        InputShape = inImage,
                        OutputShape = outImage,
                        KernelHeight = layer.Kind is LayerKindSpec.Conv2D or LayerKindSpec.MaxPool or LayerKindSpec.AvgPool ? layer.KernelHeight : 0,
                        KernelWidth = layer.Kind is LayerKindSpec.Conv2D or LayerKindSpec.MaxPool or LayerKindSpec.AvgPool ? layer.KernelWidth : 0,
                        Stride = stride,
                        Padding = layer.Kind == LayerKindSpec.Conv2D ? layer.Padding : 0,
                        FromIndex = fromIndex,
                        MultiplyAdds = multiplyAdds,
                    };
                    shaped.Add(shapedLayer);
                    shapedByIndex[index] = shapedLayer;
                }
            }

            // A layer whose own sizes are wrong gives nothing the next layer could be checked against.
            bool known = outputs >= 1 && (layer.Kind is not (LayerKindSpec.Conv2D or LayerKindSpec.MaxPool or LayerKindSpec.AvgPool) || outImage is not null);
            inputsByIndex[index] = inputs;
            outputsByIndex[index] = known ? outputs : 0;
            imagesByIndex[index] = known ? outImage : null;
            previousSize = outputsByIndex[index];
            previousImage = imagesByIndex[index];
            previousName = layer.Name;
        }

        if (spec.Layers.Length > 0 && spec.Loss is >= 0 and <= LossCodes.SoftmaxCrossEntropy)
        {
            LayerSpec last = spec.Layers[spec.Layers.Length - 1];
            int lastOutputs = last.IsBroken ? 0 : outputsByIndex[spec.Layers.Length - 1];
            string? need = spec.Loss switch
            {
                LossCodes.SoftmaxCrossEntropy when lastOutputs < 2 => "at least 2 outputs",
                LossCodes.Logistic or LossCodes.Hinge when lastOutputs != 1 => "exactly 1 output",
                _ => null,
            };
            if (need is not null && lastOutputs >= 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossDoesNotFitOutput, networkLocation,
                    LossCodes.Names[spec.Loss], need, last.Name, Counted.Of(lastOutputs, "output")));
            }
        }

        if (diagnostics.Count == 0 && shaped.Count != spec.Layers.Length)
        {
            // Every layer left out must have said why; a silent gap would leave the user with CS9248 and no reason.
            string missing = string.Join(", ", spec.Layers.Where((l, i) => shapedByIndex[i] is null).Select(l => l.Name));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, networkLocation, spec.TypeName, $"layers {missing} were not laid out"));
        }

        if (diagnostics.Count > 0 || shaped.Count != spec.Layers.Length)
        {
            return new CheckedNetwork(hintName, null, diagnostics.ToEquatableArray());
        }

        var network = new ShapedNetwork(spec.Namespace, spec.TypeName, spec.FullName, spec.ContainingTypes, spec.TypeKeyword, isDouble,
            inputSize, shaped[shaped.Count - 1].Outputs, spec.Loss, (int)parameters, (int)constants, shaped.ToEquatableArray())
        {
            InputShape = inputImage,
        };
        return new CheckedNetwork(hintName, network, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>The declared InputShape as an image (null when it is not three sizes of at least 1); <paramref name="size"/> its element count.</summary>
    private static ImageDims? CheckInputShape(NetworkSpec spec, string networkLabel, List<DiagnosticInfo> diagnostics, out int size)
    {
        LocationInfo? at = spec.AttributeLocation;
        size = 0;
        if (spec.InputShape.Length != 3)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputShape, at, spec.TypeName,
                $"InputShape must hold 3 sizes (channels, height, width) but holds {Counted.Of(spec.InputShape.Length, "size")}"));
            return null;
        }

        string[] names = ["channels", "height", "width"];
        bool positive = true;
        for (int i = 0; i < 3; i++)
        {
            if (spec.InputShape[i] >= 1) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, networkLabel, $"InputShape's {names[i]}", spec.InputShape[i]));
            positive = false;
        }

        if (spec.Inputs < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, at, networkLabel, "Inputs", spec.Inputs));
        if (!positive) return null;
        var image = new ImageDims(spec.InputShape[0], spec.InputShape[1], spec.InputShape[2]);
        long elements = (long)image.Channels * image.Height * image.Width;
        if (elements > int.MaxValue / 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, at, spec.TypeName,
                $"the input {image} holds {elements} numbers; at most {int.MaxValue / 2} fit in one array"));
            return null;
        }

        if (spec.Inputs > 0 && spec.Inputs != elements)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputShape, at, spec.TypeName,
                $"Inputs = {spec.Inputs} but InputShape {image} holds {Counted.Of(elements, "number")}; drop Inputs or make them agree"));
            return null;
        }

        size = (int)elements;
        return image;
    }

    /// <summary>"kernel 5, stride 2, padding 1" or "max pool 2, stride 2": the window as messages describe it.</summary>
    private static string WindowDescription(LayerSpec layer, int stride)
    {
        string window = layer.KernelHeight == layer.KernelWidth ? Numbers(layer.KernelHeight) : $"{Numbers(layer.KernelHeight)}×{Numbers(layer.KernelWidth)}";
        string what = layer.Kind switch
        {
            LayerKindSpec.MaxPool => "max pool",
            LayerKindSpec.AvgPool => "average pool",
            _ => "kernel",
        };
        return $"{what} {window}, stride {Numbers(stride)}" + (layer.Padding > 0 ? $", padding {Numbers(layer.Padding)}" : "");
    }

    private static string Numbers(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The output image of a window layer on <paramref name="input"/>, or null (with a diagnostic) when the window does not fit or tile.</summary>
    private static ImageDims? Window(string network, LayerSpec layer, string description, ImageDims input, int channels, int stride, string previousName, List<DiagnosticInfo> diagnostics)
    {
        long height = input.Height + 2L * layer.Padding, width = input.Width + 2L * layer.Padding;
        if (layer.KernelHeight > height || layer.KernelWidth > width)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowLargerThanInput, layer.Location, layer.Name, description, input, previousName,
                $"{Numbers(layer.KernelHeight)}×{Numbers(layer.KernelWidth)}", $"{Numbers(height)}×{Numbers(width)}"));
            return null;
        }

        long rowSpan = height - layer.KernelHeight, columnSpan = width - layer.KernelWidth;
        if (layer.ExactTiling && (rowSpan % stride != 0 || columnSpan % stride != 0))
        {
            var parts = new List<string>();
            if (rowSpan % stride != 0) parts.Add($"{Fraction(rowSpan, stride)} rows");
            if (columnSpan % stride != 0) parts.Add($"{Fraction(columnSpan, stride)} columns");
            string text = string.Join(" and ", parts) + (parts.Count == 1 ? ": not an integer" : ": not integers");
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InexactTiling, layer.Location, layer.Name, description, input, text));
            return null;
        }

        long rows = rowSpan / stride + 1, columns = columnSpan / stride + 1;
        if ((long)channels * rows * columns > int.MaxValue / 2 || rows > int.MaxValue / 2 || columns > int.MaxValue / 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, layer.Location, network,
                $"layer '{layer.Name}' gives {Numbers(channels)}×{Numbers(rows)}×{Numbers(columns)} = {Numbers(channels * rows * columns)} numbers per sample; at most {int.MaxValue / 2} fit in one array"));
            return null;
        }

        return new ImageDims(channels, (int)rows, (int)columns);
    }

    /// <summary>span/stride + 1 written as a decimal ("5.5", "4.333").</summary>
    private static string Fraction(long span, int stride) =>
        ((double)span / stride + 1).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The index of the layer a residual adds, or -1 (with a diagnostic, unless that layer's own mistake was reported).</summary>
    private static int CheckResidual(NetworkSpec spec, int index, LayerSpec layer, string previousName, int inputs, ImageDims? inImage,
        int[] outputsByIndex, ImageDims?[] imagesByIndex, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? at = layer.Location;
        int fromIndex = -1;
        for (int i = 0; i < spec.Layers.Length; i++)
        {
            if (spec.Layers[i].Name == layer.From)
            {
                fromIndex = i;
                break;
            }
        }

        string? problem = layer.From is null ? "is not set (use From = nameof(...) of an earlier layer)"
            : fromIndex < 0 ? $"names '{layer.From}', which is not a layer of '{spec.TypeName}'"
            : fromIndex == index ? "names the residual itself"
            : fromIndex > index ? $"names '{layer.From}', a later layer"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResidualNotEarlier, at, layer.Name, problem));
            return -1;
        }

        // A source or predecessor with its own mistake (already reported) has no shape to compare.
        int fromSize = outputsByIndex[fromIndex];
        if (spec.Layers[fromIndex].IsBroken || fromSize < 1 || inputs < 1) return fromIndex;
        ImageDims? fromImage = imagesByIndex[fromIndex];
        if (fromSize != inputs || fromImage != inImage)
        {
            string Shape(ImageDims? image, int size) => image?.ToString() ?? Numbers(size);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResidualShapeMismatch, at, layer.Name,
                Shape(fromImage, fromSize), Shape(inImage, inputs), layer.From!, previousName));
            return -1;
        }

        return fromIndex;
    }

    /// <summary>Whether the generated code declares a member called <paramref name="name"/>.</summary>
    private static bool IsGeneratedName(NetworkSpec spec, string name) =>
        Array.IndexOf(ReservedNames, name) >= 0
        || name.StartsWith("__", StringComparison.Ordinal)
        || spec.Layers.Any(l => name == l.Name + "WeightOffset" || name == l.Name + "BiasOffset" || name == l.Name + "ConstantOffset");

    private static int CheckTie(NetworkSpec spec, int index, LayerSpec layer, int inputs, int outputs, int[] inputsByIndex, int[] outputsByIndex, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? at = layer.Location;
        string target = layer.TiedTo ?? "";
        int targetIndex = -1;
        for (int i = 0; i < spec.Layers.Length; i++)
        {
            if (spec.Layers[i].Name == target)
            {
                targetIndex = i;
                break;
            }
        }

        if (targetIndex < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TiedToUnknown, at, layer.Name, target, spec.TypeName));
            return -1;
        }

        if (targetIndex >= index)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TiedToNotEarlier, at, layer.Name, target));
            return -1;
        }

        LayerSpec other = spec.Layers[targetIndex];
        if (other.IsBroken) return -1; // its own diagnostic says enough
        if (other.Kind != LayerKindSpec.Dense || other.TiedTo is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TiedToNotDense, at, layer.Name, target,
                other.Kind != LayerKindSpec.Dense ? LayerViews.KindName(other.Kind) : "tied"));
            return -1;
        }

        int otherInputs = inputsByIndex[targetIndex];
        if (otherInputs >= 1 && other.Outputs >= 1 && (inputs != other.Outputs || outputs != otherInputs))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TiedShapeMismatch, at, layer.Name, target, other.Outputs, otherInputs,
                Counted.Of(other.Outputs, "input"), Counted.Of(otherInputs, "output"), Counted.Of(inputs, "input"), Counted.Of(outputs, "output")));
            return -1;
        }

        return targetIndex;
    }
}
