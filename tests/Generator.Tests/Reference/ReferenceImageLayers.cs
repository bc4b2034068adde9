namespace DslNets.Generator.Tests.Reference;

/// <summary>
/// The image layers of <see cref="ReferenceNetwork"/>, written from the attributes' documented semantics (PyTorch's
/// Conv2d, MaxPool2d and AvgPool2d without dilation) as plain loops over every output and window position: reads outside
/// the input are zeros; the convolution's weights are filters×channels×height×width at WeightOffset, its bias at BiasOffset.
/// </summary>
public static class ReferenceImageLayers
{
    /// <summary>The convolution's pre-activations z[f, y, x] (filters×rows×columns).</summary>
    public static double[] Convolve(LayerInfo layer, ReadOnlySpan<double> parameters, double[] input)
    {
        ImageShape i = layer.InputShape!.Value, o = layer.OutputShape!.Value;
        var z = new double[o.Size];
        for (int f = 0; f < o.Channels; f++)
        {
            for (int y = 0; y < o.Height; y++)
            {
                for (int x = 0; x < o.Width; x++)
                {
                    double sum = layer.BiasOffset >= 0 ? parameters[layer.BiasOffset + f] : 0.0;
                    for (int c = 0; c < i.Channels; c++)
                    {
                        for (int ky = 0; ky < layer.KernelHeight; ky++)
                        {
                            for (int kx = 0; kx < layer.KernelWidth; kx++)
                            {
                                sum += parameters[WeightIndex(layer, f, c, ky, kx)] * Read(input, i, c, y * layer.Stride + ky - layer.Padding, x * layer.Stride + kx - layer.Padding);
                            }
                        }
                    }

                    z[(f * o.Height + y) * o.Width + x] = sum;
                }
            }
        }

        return z;
    }

    /// <summary>Adds the convolution's parameter gradient for dL/dz = <paramref name="gz"/> into <paramref name="parameterGradient"/> and returns dL/d(input).</summary>
    public static double[] ConvolveBackward(LayerInfo layer, ReadOnlySpan<double> parameters, double[] input, double[] gz, double[] parameterGradient)
    {
        ImageShape i = layer.InputShape!.Value, o = layer.OutputShape!.Value;
        var gx = new double[i.Size];
        for (int f = 0; f < o.Channels; f++)
        {
            for (int y = 0; y < o.Height; y++)
            {
                for (int x = 0; x < o.Width; x++)
                {
                    double g = gz[(f * o.Height + y) * o.Width + x];
                    if (layer.BiasOffset >= 0) parameterGradient[layer.BiasOffset + f] += g;
                    for (int c = 0; c < i.Channels; c++)
                    {
                        for (int ky = 0; ky < layer.KernelHeight; ky++)
                        {
                            for (int kx = 0; kx < layer.KernelWidth; kx++)
                            {
                                int iy = y * layer.Stride + ky - layer.Padding, ix = x * layer.Stride + kx - layer.Padding;
                                if (iy < 0 || iy >= i.Height || ix < 0 || ix >= i.Width) continue;
                                int w = WeightIndex(layer, f, c, ky, kx);
                                parameterGradient[w] += g * input[(c * i.Height + iy) * i.Width + ix];
                                gx[(c * i.Height + iy) * i.Width + ix] += parameters[w] * g;
                            }
                        }
                    }
                }
            }
        }

        return gx;
    }

    /// <summary>Max or average pooling.</summary>
    public static double[] Pool(LayerInfo layer, double[] input)
    {
        ImageShape o = layer.OutputShape!.Value;
        var output = new double[o.Size];
        for (int c = 0; c < o.Channels; c++)
        {
            for (int y = 0; y < o.Height; y++)
            {
                for (int x = 0; x < o.Width; x++)
                {
                    List<(int Index, double Value)> window = Window(layer, input, c, y, x);
                    output[(c * o.Height + y) * o.Width + x] = layer.Kind == LayerKind.MaxPool
                        ? window[ArgMax(window)].Value
                        : window.Sum(entry => entry.Value) / window.Count;
                }
            }
        }

        return output;
    }

    /// <summary>dL/d(input) of a pooling layer for dL/d(output) = <paramref name="grad"/>: the max's first largest entry, or an equal share of the window.</summary>
    public static double[] PoolBackward(LayerInfo layer, double[] input, double[] grad)
    {
        ImageShape o = layer.OutputShape!.Value;
        var gx = new double[layer.InputShape!.Value.Size];
        for (int c = 0; c < o.Channels; c++)
        {
            for (int y = 0; y < o.Height; y++)
            {
                for (int x = 0; x < o.Width; x++)
                {
                    double g = grad[(c * o.Height + y) * o.Width + x];
                    List<(int Index, double Value)> window = Window(layer, input, c, y, x);
                    if (layer.Kind == LayerKind.MaxPool) gx[window[ArgMax(window)].Index] += g;
                    else foreach ((int index, _) in window) gx[index] += g / window.Count;
                }
            }
        }

        return gx;
    }

    /// <summary>
    /// The smallest gap between a window's maximum and the largest entry below it (+∞ without max pooling): closer than this,
    /// a change of the input could move the maximum to another entry. Entries equal to the maximum (the zeros of a ReLU that
    /// is off) are no kink: they move only when their own pre-activations cross 0.
    /// </summary>
    public static double MaxPoolGap(LayerInfo layer, double[] input)
    {
        if (layer.Kind != LayerKind.MaxPool) return double.PositiveInfinity;
        ImageShape o = layer.OutputShape!.Value;
        double gap = double.PositiveInfinity;
        for (int c = 0; c < o.Channels; c++)
        {
            for (int y = 0; y < o.Height; y++)
            {
                for (int x = 0; x < o.Width; x++)
                {
                    List<(int Index, double Value)> window = Window(layer, input, c, y, x);
                    double max = window[ArgMax(window)].Value;
                    foreach ((_, double value) in window)
                    {
                        if (value < max) gap = Math.Min(gap, max - value);
                    }
                }
            }
        }

        return gap;
    }

    private static List<(int Index, double Value)> Window(LayerInfo layer, double[] input, int c, int y, int x)
    {
        ImageShape i = layer.InputShape!.Value;
        var window = new List<(int, double)>();
        for (int ky = 0; ky < layer.KernelHeight; ky++)
        {
            for (int kx = 0; kx < layer.KernelWidth; kx++)
            {
                int index = (c * i.Height + y * layer.Stride + ky) * i.Width + x * layer.Stride + kx;
                window.Add((index, input[index]));
            }
        }

        return window;
    }

    // The first largest entry in row-major window order.
    private static int ArgMax(List<(int Index, double Value)> window)
    {
        int best = 0;
        for (int k = 1; k < window.Count; k++)
        {
            if (window[k].Value > window[best].Value) best = k;
        }

        return best;
    }

    private static int WeightIndex(LayerInfo layer, int f, int c, int ky, int kx) =>
        layer.WeightOffset + ((f * layer.InputShape!.Value.Channels + c) * layer.KernelHeight + ky) * layer.KernelWidth + kx;

    private static double Read(double[] input, ImageShape shape, int c, int y, int x) =>
        y < 0 || y >= shape.Height || x < 0 || x >= shape.Width ? 0.0 : input[(c * shape.Height + y) * shape.Width + x];
}
