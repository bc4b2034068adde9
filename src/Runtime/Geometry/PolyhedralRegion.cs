namespace DslNets.Geometry;

/// <summary>
/// One linear region of a network in its input space (clipped to a box when one was given): the polyhedron
/// {x : s_i·(g_i·x + c_i) ≥ 0 for every kink neuron i} where s_i = ±1 is neuron i's state, with a point inside it and the
/// network's affine map there.
/// </summary>
public sealed class PolyhedralRegion
{
    internal PolyhedralRegion(ActivationPattern pattern, double[] interiorPoint, double inradius, double[] halfSpaces, double[] outputMap, int inputSize)
    {
        Pattern = pattern;
        InteriorPoint = Array.AsReadOnly(interiorPoint);
        Inradius = inradius;
        HalfSpaces = Array.AsReadOnly(halfSpaces);
        OutputMap = Array.AsReadOnly(outputMap);
        InputSize = inputSize;
    }

    /// <summary>The activation pattern of the region.</summary>
    public ActivationPattern Pattern { get; }

    /// <summary>The centre of the largest ball inside the region (and the box).</summary>
    public IReadOnlyList<double> InteriorPoint { get; }

    /// <summary>The radius of that ball, capped at the enumeration's radius cap (unbounded regions reach the cap).</summary>
    public double Inradius { get; }

    /// <summary>
    /// The region as half-spaces, one per kink neuron (KinkCount rows of InputSize + 1): row i = (a_i, β_i) with
    /// a_i·x + β_i ≥ 0 inside, scaled so that ‖a_i‖ = 1; where the neuron is constant on the region the row is (0, …, 0, s_i·c_i), which constrains nothing.
    /// </summary>
    public IReadOnlyList<double> HalfSpaces { get; }

    /// <summary>The affine map y = A x + c on the region: OutputSize rows of InputSize + 1 (A's row, then c).</summary>
    public IReadOnlyList<double> OutputMap { get; }

    private int InputSize { get; }

    /// <summary>min_i (a_i·x + β_i) over the neurons that vary on the region: positive inside, the distance to the nearest bounding hyperplane.</summary>
    public double Depth(ReadOnlySpan<double> x)
    {
        if (x.Length != InputSize) throw new ArgumentException($"Expected a point of {InputSize} numbers but got {x.Length}.", nameof(x));
        int width = InputSize + 1, rows = HalfSpaces.Count / width;
        double depth = double.PositiveInfinity;
        for (int i = 0; i < rows; i++)
        {
            double value = HalfSpaces[i * width + InputSize];
            bool constant = true;
            for (int k = 0; k < InputSize; k++)
            {
                double a = HalfSpaces[i * width + k];
                if (a != 0) constant = false;
                value += a * x[k];
            }

            if (!constant) depth = Math.Min(depth, value);
        }

        return depth;
    }
}
