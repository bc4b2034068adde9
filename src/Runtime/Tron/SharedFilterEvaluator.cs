using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Tron;

/// <summary>
/// Evaluates f_w(x) = (1/k) Σ_i ReLU(wᵀ A_i x) for many x at one w, doing the work that depends only on w once:
/// in general v_i = A_iᵀ w (k·r·n once, then k dot products per sample); and when the A_i lie on a line,
/// A_i = M̄ + c_i·C (checked to rounding at construction, as in the Neuro-Tron experiments), p = M̄ᵀw and q = Cᵀw
/// (2·r·n once, then two dot products per sample: wᵀA_i x = x·p + c_i·(x·q)). Both are the generated network's
/// function in another order of sums. Nothing allocates after construction.
/// </summary>
internal sealed class SharedFilterEvaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _filterSize, _count, _inputs;
    private readonly T[]? _filterMajor;     // general: block a holds row a of A_1..A_k
    private readonly T[]? _mean, _spread;   // line: M̄ and C, r×n row-major
    private readonly T[]? _coefficients;    // line: c_1..c_k
    private readonly T[] _directions;       // general: v_1..v_k; line: p then q

    public SharedFilterEvaluator(ReadOnlySpan<T> stacked, int filterSize, int count, int inputs)
    {
        _filterSize = filterSize;
        _count = count;
        _inputs = inputs;
        if (TryLine(stacked, filterSize, count, inputs, out var mean, out var spread, out var coefficients))
        {
            _mean = mean;
            _spread = spread;
            _coefficients = coefficients;
            _directions = new T[2 * inputs];
        }
        else
        {
            _filterMajor = SharedFilterKernel.FilterMajor(stacked, filterSize, count, inputs);
            _directions = new T[count * inputs];
        }
    }

    /// <summary>True when the A_i were found to lie on a line and two dot products per sample suffice.</summary>
    public bool UsesLine => _mean is not null;

    /// <summary>Forms what depends only on <paramref name="filter"/>.</summary>
    public void SetFilter(ReadOnlySpan<T> filter)
    {
        if (_mean is null)
        {
            SharedFilterKernel.Directions<T>(_filterMajor!, filter, _directions);
            return;
        }
        T[] mean = _mean, spread = _spread!;
        Span<T> p = _directions.AsSpan(0, _inputs), q = _directions.AsSpan(_inputs, _inputs);
        TensorPrimitives.Multiply(mean.AsSpan(0, _inputs), filter[0], p);
        TensorPrimitives.Multiply(spread.AsSpan(0, _inputs), filter[0], q);
        for (int a = 1; a < _filterSize; a++)
        {
            TensorPrimitives.MultiplyAdd(mean.AsSpan(a * _inputs, _inputs), filter[a], p, p);
            TensorPrimitives.MultiplyAdd(spread.AsSpan(a * _inputs, _inputs), filter[a], q, q);
        }
    }

    /// <summary>f_w on each row of <paramref name="samples"/>, at the w of the last <see cref="SetFilter"/>.</summary>
    public void Evaluate(ReadOnlySpan<T> samples, Span<T> outputs)
    {
        if (_coefficients is null)
        {
            SharedFilterKernel.Evaluate<T>(_directions, _count, _inputs, samples, outputs);
            return;
        }
        ReadOnlySpan<T> p = _directions.AsSpan(0, _inputs), q = _directions.AsSpan(_inputs, _inputs);
        ReadOnlySpan<T> c = _coefficients;
        T inverseCount = T.One / T.CreateTruncating(_count);
        for (int j = 0; j < outputs.Length; j++)
        {
            ReadOnlySpan<T> x = samples.Slice(j * _inputs, _inputs);
            T xp = TensorPrimitives.Dot(x, p), xq = TensorPrimitives.Dot(x, q);
            T sum = T.Zero;
            for (int i = 0; i < c.Length; i++)
            {
                T z = xp + c[i] * xq;
                if (z > T.Zero) sum += z;
            }
            outputs[j] = sum * inverseCount;
        }
    }

    // A_i = M̄ + c_i·C with M̄ the mean of the A_i and C the unit-norm direction of the largest A_i − M̄, found in
    // double; accepted when every entry of A_i − M̄ − c_i·C is within 4 machine epsilons of T times the largest
    // |entry| of the A_i (what rounding the A_i to T can leave). Internal so that the device learners (DslNets.Gpu's
    // FilterBasis) split the A_i exactly as the host does, and both evaluate f_w in the same order of sums.
    internal static bool TryLine(ReadOnlySpan<T> stacked, int filterSize, int count, int inputs, out T[] mean, out T[] spread, out T[] coefficients)
    {
        int size = filterSize * inputs;
        var a = new double[stacked.Length];
        for (int e = 0; e < a.Length; e++) a[e] = double.CreateTruncating(stacked[e]);
        var m = new double[size];
        var c = new double[size];
        var coefficient = new double[count];
        for (int i = 0; i < count; i++) TensorPrimitives.Add(m, a.AsSpan(i * size, size), m);
        TensorPrimitives.Divide(m, count, m);
        var deviation = new double[size];
        double largest = 0;
        int widest = 0;
        for (int i = 0; i < count; i++)
        {
            TensorPrimitives.Subtract(a.AsSpan(i * size, size), m, deviation);
            double norm = TensorPrimitives.Norm<double>(deviation);
            if (norm > largest) (largest, widest) = (norm, i);
        }
        mean = [];
        spread = [];
        coefficients = [];
        if (largest == 0) return false;
        TensorPrimitives.Subtract(a.AsSpan(widest * size, size), m, c);
        TensorPrimitives.Divide(c, largest, c);
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One); // T.Epsilon is the smallest subnormal
        double tolerance = 4 * epsilon * Math.Abs(TensorPrimitives.MaxMagnitude<double>(a)); // MaxMagnitude keeps the sign
        for (int i = 0; i < count; i++)
        {
            TensorPrimitives.Subtract(a.AsSpan(i * size, size), m, deviation);
            coefficient[i] = TensorPrimitives.Dot<double>(deviation, c);
            TensorPrimitives.MultiplyAdd(c, -coefficient[i], deviation, deviation);
            if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(deviation)) > tolerance) return false;
        }
        mean = Convert(m);
        spread = Convert(c);
        coefficients = Convert(coefficient);
        return true;
    }

    private static T[] Convert(double[] values)
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }
}
