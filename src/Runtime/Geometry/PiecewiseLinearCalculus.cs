using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Geometry;

/// <summary>
/// The affine calculus of piecewise-linear networks, in double whatever the element type: pushes an affine slice
/// x(θ) = origin + Σ_k θ_k·dir_k through the layers, with each kink neuron's state fixed by an activation pattern, and
/// reads off every kink neuron's pre-activation and the output as affine functions of θ. Generated networks delegate
/// <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/> here with their layer table.
/// </summary>
public static class PiecewiseLinearCalculus
{
    /// <summary>Whether an activation has a kink (ReLU, LeakyReLU) rather than being linear (Identity).</summary>
    public static bool HasKink(Activation activation) => activation is Activation.ReLU or Activation.LeakyReLU;

    /// <summary>Each layer's first kink neuron and count, in layer order.</summary>
    public static (int First, int Count)[] KinkRanges(IReadOnlyList<LayerInfo> layers)
    {
        var ranges = new (int First, int Count)[layers.Count];
        int next = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerInfo layer = layers[l];
            if (layer.Activation is not (Activation.Identity or Activation.ReLU or Activation.LeakyReLU))
            {
                throw new ArgumentException($"Layer '{layer.Name}' uses {layer.Activation}, which is not piecewise linear.", nameof(layers));
            }

            if (layer.Kind == LayerKind.MaxPool)
            {
                throw new ArgumentException($"Layer '{layer.Name}' is a max pool, whose argmax the activation pattern does not hold.", nameof(layers));
            }

            int count = HasKink(layer.Activation) ? (layer.Kind == LayerKind.SharedFilter ? layer.FilterCount : layer.Outputs) : 0;
            ranges[l] = (next, count);
            next += count;
        }

        return ranges;
    }

    /// <summary>See <see cref="IPiecewiseLinearNetwork{TSelf}.CopyParameters"/>: <paramref name="parameters"/> converted to double.</summary>
    public static void CopyParameters<T>(T[] parameters, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (destination.Length != parameters.Length)
            throw new ArgumentException($"Expected a destination of {parameters.Length} numbers (the parameter count) but got {destination.Length}.", nameof(destination));
        if (typeof(T) == typeof(double))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(parameters).CopyTo(destination);
            return;
        }

        for (int i = 0; i < parameters.Length; i++) destination[i] = double.CreateTruncating(parameters[i]);
    }

    /// <summary>See <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/>; <paramref name="kinkRanges"/> comes from <see cref="KinkRanges"/>.</summary>
    public static void AffineForms<T>(
        IReadOnlyList<LayerInfo> layers,
        IReadOnlyList<(int First, int Count)> kinkRanges,
        int inputSize,
        ReadOnlySpan<T> parameters,
        ReadOnlySpan<T> constants,
        ActivationPattern pattern,
        bool derivePattern,
        ReadOnlySpan<double> origin,
        ReadOnlySpan<double> directions,
        int layerCount,
        Span<double> kinkForms,
        Span<double> outputForms)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kinkCount = kinkRanges.Count == 0 ? 0 : kinkRanges[^1].First + kinkRanges[^1].Count;
        if (pattern.Count != kinkCount) throw new ArgumentException($"Expected a pattern of {kinkCount} kink neurons but got {pattern.Count}.", nameof(pattern));
        if (origin.Length != inputSize) throw new ArgumentException($"Expected an origin of length {inputSize} but got length {origin.Length}.", nameof(origin));
        if (directions.Length % inputSize != 0)
        {
            throw new ArgumentException($"Expected directions of length d×{inputSize} but got length {directions.Length}, not a multiple of {inputSize}.", nameof(directions));
        }

        if (layerCount < 1 || layerCount > layers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(layerCount), layerCount, $"Expected 1 to {layers.Count} layers.");
        }

        int d = directions.Length / inputSize;
        int columns = d + 1;
        if (kinkForms.Length != kinkCount * columns)
        {
            throw new ArgumentException($"Expected kinkForms of length {kinkCount}×{columns} = {kinkCount * columns} but got length {kinkForms.Length}.", nameof(kinkForms));
        }

        int outputSize = layers[^1].Outputs;
        if (layerCount == layers.Count && outputForms.Length != outputSize * columns)
        {
            throw new ArgumentException($"Expected outputForms of length {outputSize}×{columns} = {outputSize * columns} but got length {outputForms.Length}.", nameof(outputForms));
        }

        int width = inputSize;
        foreach (LayerInfo layer in layers) width = Math.Max(width, Math.Max(layer.Inputs, layer.Outputs));
        int rowLength = width;
        foreach (LayerInfo layer in layers) rowLength = Math.Max(rowLength, layer.FilterCount);

        // Forms are kept column by column: column k (length = current width) holds every unit's coefficient of θ_k,
        // the last column the constants, so each layer is (d+1) matrix-vector products with contiguous rows.
        double[] current = ArrayPool<double>.Shared.Rent(columns * width);
        double[] next = ArrayPool<double>.Shared.Rent(columns * width);
        double[] row = ArrayPool<double>.Shared.Rent(Math.Max(width, 1));
        double[] terms = ArrayPool<double>.Shared.Rent(Math.Max(rowLength, 1) * columns);
        // The forms of each layer a residual adds later, kept until it does.
        var kept = new double[]?[layers.Count];
        for (int l = 0; l < layerCount; l++)
        {
            if (layers[l].ResidualFrom is string from) kept[IndexOf(layers, from)] ??= ArrayPool<double>.Shared.Rent(columns * width);
        }

        try
        {
            int n = inputSize;
            for (int k = 0; k < d; k++) directions.Slice(k * inputSize, inputSize).CopyTo(current.AsSpan(k * width, n));
            origin.CopyTo(current.AsSpan(d * width, n));

            for (int l = 0; l < layerCount; l++)
            {
                LayerInfo layer = layers[l];
                (int firstKink, _) = kinkRanges[l];
                bool kink = HasKink(layer.Activation);
                double slope = layer.Activation == Activation.LeakyReLU ? layer.LeakySlope : 0.0;
                int m = layer.Outputs;
                if (layer.Kind is not LayerKind.SharedFilter)
                {
                    if (layer.Kind == LayerKind.Dense) DenseForms(layer, layers, parameters, current, next, row, width, n, columns);
                    else ImageForms(layer, layers, parameters, current, next, kept, width, columns);
                    for (int o = 0; o < m; o++)
                    {
                        if (!kink) continue;
                        int neuron = firstKink + o;
                        for (int k = 0; k < columns; k++) kinkForms[neuron * columns + k] = next[k * width + o];
                        bool on = derivePattern ? next[d * width + o] > 0 : pattern[neuron];
                        if (derivePattern) pattern[neuron] = on;
                        if (!on)
                        {
                            for (int k = 0; k < columns; k++) next[k * width + o] *= slope;
                        }
                    }
                }
                else
                {
                    SharedFilterForms(layer, parameters, constants, current, terms, row, width, n, columns);
                    double share = 1.0 / layer.FilterCount;
                    for (int k = 0; k < columns; k++) next[k * width] = 0;
                    for (int i = 0; i < layer.FilterCount; i++)
                    {
                        double factor = 1.0;
                        if (kink)
                        {
                            int neuron = firstKink + i;
                            for (int k = 0; k < columns; k++) kinkForms[neuron * columns + k] = terms[i * columns + k];
                            bool on = derivePattern ? terms[i * columns + d] > 0 : pattern[neuron];
                            if (derivePattern) pattern[neuron] = on;
                            factor = on ? 1.0 : slope;
                        }

                        for (int k = 0; k < columns; k++) next[k * width] += share * factor * terms[i * columns + k];
                    }
                }

                if (kept[l] is double[] copy)
                {
                    for (int k = 0; k < columns; k++) next.AsSpan(k * width, m).CopyTo(copy.AsSpan(k * width, m));
                }

                (current, next) = (next, current);
                n = m;
            }

            if (layerCount == layers.Count)
            {
                for (int o = 0; o < outputSize; o++)
                {
                    for (int k = 0; k < columns; k++) outputForms[o * columns + k] = current[k * width + o];
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(current);
            ArrayPool<double>.Shared.Return(next);
            ArrayPool<double>.Shared.Return(row);
            ArrayPool<double>.Shared.Return(terms);
            foreach (double[]? copy in kept)
            {
                if (copy is not null) ArrayPool<double>.Shared.Return(copy);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<LayerInfo> layers, string name)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l].Name == name) return l;
        }

        throw new ArgumentException($"A residual adds '{name}', which is not a layer.", nameof(layers));
    }

    /// <summary>
    /// The forms of an image layer's pre-activations (its outputs, for those without an activation): a convolution's sums of
    /// weight × input form (+ the bias in the constant column), an average pool's window means, a flatten's and (as in
    /// inference) a dropout's copy, a residual's sum of its input and the kept forms of the layer it adds.
    /// </summary>
    private static void ImageForms<T>(LayerInfo layer, IReadOnlyList<LayerInfo> layers, ReadOnlySpan<T> parameters, double[] current, double[] next,
        double[]?[] kept, int width, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = layer.Outputs, d = columns - 1;
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            {
                ImageShape i = layer.InputShape!.Value, o = layer.OutputShape!.Value;
                for (int k = 0; k < columns; k++)
                {
                    ReadOnlySpan<double> input = current.AsSpan(k * width, i.Size);
                    Span<double> output = next.AsSpan(k * width, m);
                    for (int f = 0; f < o.Channels; f++)
                    {
                        double bias = k == d && layer.BiasOffset >= 0 ? double.CreateTruncating(parameters[layer.BiasOffset + f]) : 0;
                        for (int y = 0; y < o.Height; y++)
                        {
                            for (int x = 0; x < o.Width; x++)
                            {
                                double sum = bias;
                                for (int c = 0; c < i.Channels; c++)
                                {
                                    for (int ky = 0; ky < layer.KernelHeight; ky++)
                                    {
                                        int iy = y * layer.Stride + ky - layer.Padding;
                                        if (iy < 0 || iy >= i.Height) continue;
                                        for (int kx = 0; kx < layer.KernelWidth; kx++)
                                        {
                                            int ix = x * layer.Stride + kx - layer.Padding;
                                            if (ix < 0 || ix >= i.Width) continue;
                                            double w = double.CreateTruncating(parameters[layer.WeightOffset + ((f * i.Channels + c) * layer.KernelHeight + ky) * layer.KernelWidth + kx]);
                                            sum += w * input[(c * i.Height + iy) * i.Width + ix];
                                        }
                                    }
                                }

                                output[(f * o.Height + y) * o.Width + x] = sum;
                            }
                        }
                    }
                }

                break;
            }

            case LayerKind.AvgPool:
            {
                ImageShape i = layer.InputShape!.Value, o = layer.OutputShape!.Value;
                double share = 1.0 / (layer.KernelHeight * layer.KernelWidth);
                for (int k = 0; k < columns; k++)
                {
                    ReadOnlySpan<double> input = current.AsSpan(k * width, i.Size);
                    Span<double> output = next.AsSpan(k * width, m);
                    for (int c = 0; c < o.Channels; c++)
                    {
                        for (int y = 0; y < o.Height; y++)
                        {
                            for (int x = 0; x < o.Width; x++)
                            {
                                double sum = 0;
                                for (int ky = 0; ky < layer.KernelHeight; ky++)
                                {
                                    for (int kx = 0; kx < layer.KernelWidth; kx++) sum += input[(c * i.Height + y * layer.Stride + ky) * i.Width + x * layer.Stride + kx];
                                }

                                output[(c * o.Height + y) * o.Width + x] = sum * share;
                            }
                        }
                    }
                }

                break;
            }

            case LayerKind.Residual:
            {
                double[] added = kept[IndexOf(layers, layer.ResidualFrom!)]!;
                for (int k = 0; k < columns; k++)
                {
                    TensorPrimitives.Add(current.AsSpan(k * width, m), added.AsSpan(k * width, m), next.AsSpan(k * width, m));
                }

                break;
            }

            case LayerKind.Flatten:
            case LayerKind.Dropout:
                for (int k = 0; k < columns; k++) current.AsSpan(k * width, m).CopyTo(next.AsSpan(k * width, m));
                break;
            default:
                throw new ArgumentException($"Layer '{layer.Name}' ({layer.Kind}) has no affine form.", nameof(layer));
        }
    }

    private static void DenseForms<T>(LayerInfo layer, IReadOnlyList<LayerInfo> layers, ReadOnlySpan<T> parameters,
        double[] current, double[] next, double[] row, int width, int n, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = layer.Outputs;
        int d = columns - 1;
        if (layer.TiedTo is null)
        {
            for (int o = 0; o < m; o++)
            {
                Convert(parameters.Slice(layer.WeightOffset + o * n, n), row);
                ReadOnlySpan<double> weights = row.AsSpan(0, n);
                for (int k = 0; k < columns; k++) next[k * width + o] = TensorPrimitives.Dot(weights, current.AsSpan(k * width, n));
            }
        }
        else
        {
            // A tied layer multiplies by the transpose of its target's m'×n' matrix M (here n rows of length m): row j of M is
            // scaled by input j's form and added up.
            LayerInfo target = layers.First(candidate => candidate.Name == layer.TiedTo);
            for (int k = 0; k < columns; k++) next.AsSpan(k * width, m).Clear();
            for (int j = 0; j < n; j++)
            {
                Convert(parameters.Slice(target.WeightOffset + j * m, m), row);
                ReadOnlySpan<double> weights = row.AsSpan(0, m);
                for (int k = 0; k < columns; k++)
                {
                    double coefficient = current[k * width + j];
                    if (coefficient != 0) TensorPrimitives.MultiplyAdd(weights, coefficient, next.AsSpan(k * width, m), next.AsSpan(k * width, m));
                }
            }
        }

        if (layer.BiasOffset >= 0)
        {
            for (int o = 0; o < m; o++) next[d * width + o] += double.CreateTruncating(parameters[layer.BiasOffset + o]);
        }
    }

    private static void SharedFilterForms<T>(LayerInfo layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> constants,
        double[] current, double[] terms, double[] row, int width, int n, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = layer.FilterSize;
        for (int i = 0; i < layer.FilterCount; i++)
        {
            for (int k = 0; k < columns; k++)
            {
                double sum = 0;
                for (int a = 0; a < r; a++)
                {
                    double w = double.CreateTruncating(parameters[layer.WeightOffset + a]);
                    double projected;
                    if (layer.Stride > 0)
                    {
                        projected = current[k * width + i * layer.Stride + a];
                    }
                    else
                    {
                        Convert(constants.Slice(layer.ConstantOffset + (i * r + a) * n, n), row);
                        projected = TensorPrimitives.Dot(row.AsSpan(0, n), current.AsSpan(k * width, n));
                    }

                    sum += w * projected;
                }

                terms[i * columns + k] = sum;
            }
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> source, double[] destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
            return;
        }

        for (int i = 0; i < source.Length; i++) destination[i] = double.CreateTruncating(source[i]);
    }
}
