using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DslNets.Tron;

/// <summary>
/// Draws i.i.d. samples of an <see cref="InputDistribution"/> in blocks: Gaussians by the ziggurat method,
/// Laplace by the inverse CDF, Student-t(ν) as Z/√(χ²_ν/ν) with χ²_ν = −2 ln(U_1⋯U_{⌊ν/2⌋}) (+ Z'² when ν is odd),
/// the logarithms and square roots vectorised over a block. All randomness comes from one <see cref="SeededRandom"/>; after construction nothing
/// allocates.
/// </summary>
public sealed class InputSampler
{
    private const int Block = 256;
    private Xoshiro256 _random;
    private readonly double[] _w = new double[Block];
    private readonly double[] _a = new double[Block];
    private readonly double[] _b = new double[Block];

    /// <summary>Creates a sampler of <paramref name="distribution"/> whose generator is seeded by four draws of <paramref name="random"/>.</summary>
    public InputSampler(InputDistribution distribution, SeededRandom random)
    {
        Distribution = distribution ?? throw new ArgumentNullException(nameof(distribution));
        ArgumentNullException.ThrowIfNull(random);
        _random = new Xoshiro256(random);
    }

    /// <summary>Creates a sampler of <paramref name="distribution"/> seeded with <paramref name="seed"/>.</summary>
    public InputSampler(InputDistribution distribution, long seed) : this(distribution, new SeededRandom(seed))
    {
    }

    /// <summary>The distribution sampled.</summary>
    public InputDistribution Distribution { get; }

    /// <summary>Fills <paramref name="destination"/> with independent samples.</summary>
    public void Fill(Span<double> destination)
    {
        while (destination.Length > 0)
        {
            int count = Math.Min(Block, destination.Length);
            FillBlock(destination[..count]);
            destination = destination[count..];
        }
    }

    /// <summary>Fills <paramref name="destination"/> with independent samples, rounded to <typeparamref name="T"/>.</summary>
    public void Fill<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Fill(MemoryMarshal.Cast<T, double>(destination));
            return;
        }
        Span<double> block = _w;
        while (destination.Length > 0)
        {
            int count = Math.Min(Block, destination.Length);
            FillBlock(block[..count]);
            TensorPrimitives.ConvertTruncating<double, T>(block[..count], destination[..count]);
            destination = destination[count..];
        }
    }

    /// <summary>One standard normal sample (from the same stream).</summary>
    public double NextGaussian() => ZigguratGaussian.Next(ref _random);

    private void FillBlock(Span<double> destination)
    {
        switch (Distribution.Kind)
        {
            case InputDistributionKind.Gaussian:
                FillGaussian(destination);
                TensorPrimitives.Multiply(destination, Distribution.Parameter, destination);
                break;
            case InputDistributionKind.Laplace:
                FillLaplace(destination, Distribution.Parameter);
                break;
            default:
                FillStudentT(destination, (int)Distribution.Parameter);
                break;
        }
    }

    private void FillGaussian(Span<double> destination)
    {
        ZigguratGaussian.Fill(ref _random, destination);
    }

    // Inverse CDF: x = −b·sign(p)·ln(1 − 2|p|), p uniform on (−½, ½).
    private void FillLaplace(Span<double> destination, double scale)
    {
        Span<double> magnitude = _a.AsSpan(0, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            double p = _random.NextDouble() - 0.5;
            destination[i] = p < 0 ? scale : -scale;
            magnitude[i] = 1.0 - 2.0 * Math.Abs(p); // (0, 1]
        }
        TensorPrimitives.Log(magnitude, magnitude);
        TensorPrimitives.Multiply(destination, magnitude, destination);
    }

    private void FillStudentT(Span<double> destination, int degreesOfFreedom)
    {
        int count = destination.Length;
        Span<double> chiSquared = _b.AsSpan(0, count);
        int pairs = degreesOfFreedom / 2;
        Span<double> product = _a.AsSpan(0, count);
        if (pairs > 0)
        {
            // χ²_{2m} = −2 ln(U_1⋯U_m); multiply first so one logarithm per sample suffices (m is small).
            for (int i = 0; i < count; i++)
            {
                double p = 1.0;
                for (int j = 0; j < pairs; j++) p *= 1.0 - _random.NextDouble();
                product[i] = p;
            }
            TensorPrimitives.Log(product, chiSquared);
            TensorPrimitives.Multiply(chiSquared, -2.0, chiSquared);
        }
        else
        {
            chiSquared.Clear();
        }
        if (degreesOfFreedom % 2 == 1)
        {
            for (int i = 0; i < count; i++)
            {
                double z = NextGaussian();
                chiSquared[i] += z * z;
            }
        }
        FillGaussian(destination);
        TensorPrimitives.Multiply(chiSquared, 1.0 / degreesOfFreedom, chiSquared);
        TensorPrimitives.Sqrt(chiSquared, chiSquared);
        TensorPrimitives.Divide(destination, chiSquared, destination);
    }
}
