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

    /// <summary>Activations of all layers together are kept in stack buffers; this caps their total length.</summary>
    internal const int MaxBufferedElements = 1 << 15;

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

        if (spec.NetworkAttributeReadable && spec.Inputs < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, networkLocation, networkLabel, "Inputs", spec.Inputs));
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
        int previousSize = spec.Inputs;
        string previousName = spec.TypeName + ".Inputs";
        long parameters = 0, constants = 0, buffered = 0;
        for (int index = 0; index < spec.Layers.Length; index++)
        {
            LayerSpec layer = spec.Layers[index];
            if (layer.IsBroken)
            {
                // Already diagnosed; what it produces is unknown, so the next layer is not checked against it.
                previousSize = 0;
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
                bool dense = layer.Kind == LayerKindSpec.Dense;
                string view = dense ? "DenseLayer" : "SharedFilterLayer";
                string expected = isDouble ? $"{view}<double>" : $"{view} or {view}<float>";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongMemberType, at, layer.Name, layer.DeclaredTypeDisplay,
                    dense ? "dense" : "shared-filter", isDouble ? "double" : "float", expected));
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
            int outputs;
            int tiedIndex = -1;
            if (layer.Kind == LayerKindSpec.Dense)
            {
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
                    tiedIndex = CheckTie(spec, index, layer, inputs, outputs, diagnostics);
                }
            }
            else
            {
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
            }

            // A tie to a layer that failed its own checks (already diagnosed) has no weights to use: nothing to lay out.
            bool tiedTargetShaped = tiedIndex < 0 || shapedByIndex[tiedIndex] is not null;
            if (diagnostics.Count == before && inputs >= 1 && tiedTargetShaped)
            {
                // Layout: the weights a layer owns, then its bias; fixed matrices go to the constants.
                long weightCount = layer.Kind == LayerKindSpec.Dense ? (tiedIndex >= 0 ? 0 : (long)inputs * outputs) : layer.FilterSize;
                long biasCount = layer.Kind == LayerKindSpec.Dense && layer.Bias ? outputs : 0;
                long constantCount = layer.Kind == LayerKindSpec.SharedFilter && layer.Stride == 0 ? (long)layer.Count * layer.FilterSize * inputs : 0;
                long weightOffset = weightCount > 0 ? parameters : -1;
                long biasOffset = biasCount > 0 ? parameters + weightCount : -1;
                long constantOffset = constantCount > 0 ? constants : -1;
                parameters += weightCount + biasCount;
                constants += constantCount;
                buffered += outputs + (layer.Kind == LayerKindSpec.SharedFilter ? (long)layer.Count * (1 + layer.FilterSize) : 0);
                if (parameters > int.MaxValue / 2 || constants > int.MaxValue / 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, at, spec.TypeName,
                        $"layer '{layer.Name}' brings the parameters to {parameters} and the constants to {constants}; at most {int.MaxValue / 2} fit in one array"));
                }
                else if (buffered > MaxBufferedElements)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, at, spec.TypeName,
                        $"the activations up to layer '{layer.Name}' add up to {buffered} numbers; at most {MaxBufferedElements} are kept on the stack"));
                }
                else
                {
                    int usedWeightOffset = tiedIndex >= 0 ? shapedByIndex[tiedIndex]!.UsedWeightOffset : (int)weightOffset;
                    // Without its location: the emitter never needs it, and an edit above the network then leaves the
                    // checked model equal, so nothing downstream runs again.
                    var shapedLayer = new ShapedLayer(layer with { Location = null }, index, inputs, outputs, (int)weightOffset, (int)weightCount, usedWeightOffset,
                        (int)biasOffset, (int)biasCount, tiedIndex, (int)constantOffset);
                    shaped.Add(shapedLayer);
                    shapedByIndex[index] = shapedLayer;
                }
            }

            previousSize = outputs;
            previousName = layer.Name;
        }

        if (spec.Layers.Length > 0 && spec.Loss is >= 0 and <= LossCodes.SoftmaxCrossEntropy)
        {
            LayerSpec last = spec.Layers[spec.Layers.Length - 1];
            int lastOutputs = last.IsBroken ? 0 : last.Kind == LayerKindSpec.Dense ? last.Outputs : 1;
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

        if (diagnostics.Count > 0 || shaped.Count != spec.Layers.Length)
        {
            return new CheckedNetwork(hintName, null, diagnostics.ToEquatableArray());
        }

        var network = new ShapedNetwork(spec.Namespace, spec.TypeName, spec.FullName, spec.ContainingTypes, spec.TypeKeyword, isDouble,
            spec.Inputs, shaped[shaped.Count - 1].Outputs, spec.Loss, (int)parameters, (int)constants, shaped.ToEquatableArray());
        return new CheckedNetwork(hintName, network, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>Whether the generated code declares a member called <paramref name="name"/>.</summary>
    private static bool IsGeneratedName(NetworkSpec spec, string name) =>
        Array.IndexOf(ReservedNames, name) >= 0
        || name.StartsWith("__", StringComparison.Ordinal)
        || spec.Layers.Any(l => name == l.Name + "WeightOffset" || name == l.Name + "BiasOffset" || name == l.Name + "ConstantOffset");

    private static int CheckTie(NetworkSpec spec, int index, LayerSpec layer, int inputs, int outputs, List<DiagnosticInfo> diagnostics)
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
                other.Kind != LayerKindSpec.Dense ? "shared-filter" : "tied"));
            return -1;
        }

        int otherInputs = InputsOf(spec, targetIndex);
        if (otherInputs >= 1 && other.Outputs >= 1 && (inputs != other.Outputs || outputs != otherInputs))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TiedShapeMismatch, at, layer.Name, target, other.Outputs, otherInputs,
                Counted.Of(other.Outputs, "input"), Counted.Of(otherInputs, "output"), Counted.Of(inputs, "input"), Counted.Of(outputs, "output")));
            return -1;
        }

        return targetIndex;
    }

    private static int InputsOf(NetworkSpec spec, int index)
    {
        if (index == 0) return spec.Inputs;
        LayerSpec previous = spec.Layers[index - 1];
        return previous.Kind == LayerKindSpec.Dense ? previous.Outputs : 1;
    }
}
