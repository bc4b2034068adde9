using System.Numerics;

namespace DslNets;

/// <summary>
/// A view of a shared-filter layer f(x) = (1/k) Σ_i act(wᵀ A_i x): the trainable filter w lives in the
/// flat parameter vector, the fixed matrices A_i in the network's constants.
/// </summary>
public class SharedFilterLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _constants;

    /// <summary>Called by generated code.</summary>
    public SharedFilterLayer(T[] parameters, T[] constants, LayerInfo info)
    {
        _parameters = parameters;
        _constants = constants;
        Info = info;
    }

    /// <summary>The layer's shape and layout.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>r: the filter length.</summary>
    public int FilterSize => Info.FilterSize;

    /// <summary>k: the number of matrices or patches.</summary>
    public int Count => Info.FilterCount;

    /// <summary>The trainable filter w (length r).</summary>
    public Span<T> Filter => _parameters.AsSpan(Info.WeightOffset, Info.WeightCount);

    /// <summary>The fixed matrices A_1..A_k, each r×n row-major (empty in patch mode).</summary>
    public ReadOnlySpan<T> Matrices => Info.ConstantOffset < 0
        ? ReadOnlySpan<T>.Empty
        : _constants.AsSpan(Info.ConstantOffset, Info.FilterCount * Info.FilterSize * Info.Inputs);

    /// <summary>The matrix A_i (0-based), r×n row-major.</summary>
    public ReadOnlySpan<T> Matrix(int i)
    {
        if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(i), i, $"Layer '{Name}' has {Count} matrices.");
        if (Info.ConstantOffset < 0) throw new InvalidOperationException($"Layer '{Name}' uses patches (stride {Info.Stride}), not matrices.");
        int size = Info.FilterSize * Info.Inputs;
        return _constants.AsSpan(Info.ConstantOffset + i * size, size);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: SharedFilter r={FilterSize}, k={Count}, {Info.Inputs} -> 1, {Info.Activation}";
}

/// <summary>A shared-filter layer of a single-precision network.</summary>
public sealed class SharedFilterLayer : SharedFilterLayer<float>
{
    /// <summary>Called by generated code.</summary>
    public SharedFilterLayer(float[] parameters, float[] constants, LayerInfo info) : base(parameters, constants, info)
    {
    }
}
