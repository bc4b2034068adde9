using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DslNets.Tron;

/// <summary>
/// Draws i.i.d. samples of an <see cref="InputDistribution"/> in blocks: Gaussians and exponentials by the
/// ziggurat method, Laplace as ±b·Exp(1), Student-t(ν) as Z/√(χ²_ν/ν) with χ²_ν = 2·(E_1 + … + E_{⌊ν/2⌋})
/// (+ Z'² when ν is odd), the square roots and divisions vectorised over a block. All randomness comes from one <see cref="SeededRandom"/>; after construction nothing
/// allocates.
/// </summary>
public sealed class InputSampler
{
    private const int Block = 256;
    private Xoshiro256 _random;
    private readonly double[] _w = new double[Block];
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

    // Laplace(b) = ±b·Exp(1), the sign a fair coin.
    private void FillLaplace(Span<double> destination, double scale)
    {
        var random = _random;
        for (int i = 0; i < destination.Length; i++)
        {
            double e = ZigguratExponential.Next(ref random, out bool negative);
            destination[i] = negative ? -scale * e : scale * e;
        }
        _random = random;
    }

    // t_ν = Z / √(χ²_ν/ν) with χ²_ν = 2·(E_1 + … + E_{⌊ν/2⌋}) (+ Z'² when ν is odd).
    private void FillStudentT(Span<double> destination, int degreesOfFreedom)
    {
        int count = destination.Length;
        Span<double> chiSquared = _b.AsSpan(0, count);
        int pairs = degreesOfFreedom / 2;
        var random = _random;
        for (int i = 0; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < pairs; j++) sum += ZigguratExponential.Next(ref random, out _);
            sum += sum;
            if (degreesOfFreedom % 2 == 1)
            {
                double z = ZigguratGaussian.Next(ref random);
                sum += z * z;
            }
            chiSquared[i] = sum;
        }
        _random = random;
        FillGaussian(destination);
        TensorPrimitives.Multiply(chiSquared, 1.0 / degreesOfFreedom, chiSquared);
        TensorPrimitives.Sqrt(chiSquared, chiSquared);
        TensorPrimitives.Divide(destination, chiSquared, destination);
    }
}
