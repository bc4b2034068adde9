using System.Numerics.Tensors;

namespace DslNets.SparseCoding;

/// <summary>
/// A dictionary A* ∈ R^{n×h} with unit-norm columns a_1..a_h (drawn as normalised Gaussian vectors, which are
/// incoherent with high probability), stored as Aᵀ: h rows of length n, row i = a_i. Its coherence is
/// max_{i≠j} |⟨a_i, a_j⟩| = μ/√n.
/// </summary>
public sealed class IncoherentDictionary
{
    private IncoherentDictionary(int inputs, int atoms, double[] columns)
    {
        Inputs = inputs;
        Atoms = atoms;
        Columns = columns;
        double max = 0;
        for (int i = 0; i < atoms; i++)
        {
            ReadOnlySpan<double> a = Atom(i);
            for (int j = i + 1; j < atoms; j++) max = Math.Max(max, Math.Abs(TensorPrimitives.Dot(a, Atom(j))));
        }
        Coherence = max;
    }

    /// <summary>n: the length of a signal y = A* x*.</summary>
    public int Inputs { get; }

    /// <summary>h: the number of atoms (columns).</summary>
    public int Atoms { get; }

    /// <summary>A*ᵀ, h×n row-major: row i is the unit column a_i. Setting an encoder's weights to this gives W = A*ᵀ.</summary>
    public double[] Columns { get; }

    /// <summary>max_{i≠j} |⟨a_i, a_j⟩|.</summary>
    public double Coherence { get; }

    /// <summary>μ = √n · <see cref="Coherence"/>, so that |⟨a_i, a_j⟩| ≤ μ/√n.</summary>
    public double Mu => Math.Sqrt(Inputs) * Coherence;

    /// <summary>The column a_i.</summary>
    public ReadOnlySpan<double> Atom(int i)
    {
        if ((uint)i >= (uint)Atoms) throw new ArgumentOutOfRangeException(nameof(i), i, $"Expected an atom index in [0, {Atoms}).");
        return Columns.AsSpan(i * Inputs, Inputs);
    }

    /// <summary>Draws h independent N(0, I_n) columns from <paramref name="random"/> and normalises each.</summary>
    public static IncoherentDictionary Random(int inputs, int atoms, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "Expected n ≥ 1.");
        if (atoms < 1) throw new ArgumentOutOfRangeException(nameof(atoms), atoms, "Expected h ≥ 1 atoms.");
        var columns = new double[inputs * atoms];
        for (int i = 0; i < atoms; i++)
        {
            Span<double> a = columns.AsSpan(i * inputs, inputs);
            random.FillGaussian(a);
            TensorPrimitives.Divide(a, TensorPrimitives.Norm<double>(a), a);
        }
        return new IncoherentDictionary(inputs, atoms, columns);
    }

    /// <summary>Draws the dictionary from a generator seeded with <paramref name="seed"/>.</summary>
    public static IncoherentDictionary Random(int inputs, int atoms, long seed) => Random(inputs, atoms, new SeededRandom(seed));

    /// <summary>y = A* x = Σ_i x_i a_i.</summary>
    public void Synthesize(ReadOnlySpan<double> code, Span<double> signal)
    {
        if (code.Length != Atoms) throw new ArgumentException($"Expected a code of h = {Atoms} numbers; got {code.Length}.", nameof(code));
        if (signal.Length != Inputs) throw new ArgumentException($"Expected a signal of n = {Inputs} numbers; got {signal.Length}.", nameof(signal));
        signal.Clear();
        for (int i = 0; i < Atoms; i++)
        {
            if (code[i] != 0) TensorPrimitives.MultiplyAdd(Atom(i), code[i], signal, signal);
        }
    }
}
