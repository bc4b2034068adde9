namespace DslNets.SparseCoding;

/// <summary>
/// The encoder of the weight-tied autoencoder at W = A*ᵀ: h = ReLU(A*ᵀ y − ε). ALGORITHMS.md section 4: since
/// (A*ᵀy)_i = x*_i + Σ_{j≠i} ⟨a_i, a_j⟩ x*_j and the interference is at most kμb/√n, the support of h equals the
/// support of x* whenever kμb/√n ≤ ε &lt; a − kμb/√n.
/// </summary>
public static class SupportRecovery
{
    /// <summary>hidden = ReLU(A*ᵀ y − ε).</summary>
    public static void Encode(IncoherentDictionary dictionary, ReadOnlySpan<double> signal, double epsilon, Span<double> hidden)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (signal.Length != dictionary.Inputs) throw new ArgumentException($"Expected a signal of n = {dictionary.Inputs} numbers; got {signal.Length}.", nameof(signal));
        if (hidden.Length != dictionary.Atoms) throw new ArgumentException($"Expected h = {dictionary.Atoms} hidden units; got {hidden.Length}.", nameof(hidden));
        for (int i = 0; i < dictionary.Atoms; i++)
        {
            double z = System.Numerics.Tensors.TensorPrimitives.Dot(dictionary.Atom(i), signal) - epsilon;
            hidden[i] = z > 0 ? z : 0;
        }
    }

    /// <summary>True when hidden_i &gt; 0 exactly where code_i ≠ 0.</summary>
    public static bool SameSupport(ReadOnlySpan<double> hidden, ReadOnlySpan<double> code)
    {
        if (hidden.Length != code.Length) throw new ArgumentException($"Expected equal lengths; got {hidden.Length} hidden units and a code of {code.Length}.", nameof(code));
        for (int i = 0; i < code.Length; i++)
        {
            if ((hidden[i] > 0) != (code[i] != 0)) return false;
        }
        return true;
    }

    /// <summary>The interference bound kμb/√n.</summary>
    public static double InterferenceBound(IncoherentDictionary dictionary, int sparsity, double maxValue)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        return sparsity * dictionary.Mu * maxValue / Math.Sqrt(dictionary.Inputs);
    }

    /// <summary>Whether kμb/√n ≤ ε &lt; a − kμb/√n, the condition that guarantees exact support recovery.</summary>
    public static bool Guaranteed(IncoherentDictionary dictionary, int sparsity, double minValue, double maxValue, double epsilon)
    {
        double bound = InterferenceBound(dictionary, sparsity, maxValue);
        return bound <= epsilon && epsilon < minValue - bound;
    }

    /// <summary>The fraction of <paramref name="samples"/> draws of <paramref name="sampler"/> whose support ReLU(A*ᵀy − ε) recovers exactly.</summary>
    public static double Rate(SparseCodeSampler sampler, double epsilon, int samples)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Expected at least one sample.");
        var dictionary = sampler.Dictionary;
        var code = new double[dictionary.Atoms];
        var hidden = new double[dictionary.Atoms];
        var signal = new double[dictionary.Inputs];
        int recovered = 0;
        for (int s = 0; s < samples; s++)
        {
            sampler.Sample(code, signal);
            Encode(dictionary, signal, epsilon, hidden);
            if (SameSupport(hidden, code)) recovered++;
        }
        return recovered / (double)samples;
    }
}
