namespace DslNets.Geometry;

/// <summary>The result of <see cref="InputSpaceRegions.Enumerate"/>: every linear region found, and the work it took.</summary>
public sealed class RegionEnumeration
{
    internal RegionEnumeration(IReadOnlyList<PolyhedralRegion> regions, double[]? lower, double[]? upper, int linearPrograms, int unresolvedFacets)
    {
        Regions = regions;
        Lower = lower is null ? null : Array.AsReadOnly(lower);
        Upper = upper is null ? null : Array.AsReadOnly(upper);
        LinearPrograms = linearPrograms;
        UnresolvedFacets = unresolvedFacets;
    }

    /// <summary>The regions, in breadth-first order from the start region.</summary>
    public IReadOnlyList<PolyhedralRegion> Regions { get; }

    /// <summary>The box's lower corner, or null for the whole input space.</summary>
    public IReadOnlyList<double>? Lower { get; }

    /// <summary>The box's upper corner, or null for the whole input space.</summary>
    public IReadOnlyList<double>? Upper { get; }

    /// <summary>How many linear programs (Chebyshev-centre problems) were solved.</summary>
    public int LinearPrograms { get; }

    /// <summary>
    /// Facets whose far side could not be located (the located pattern did not flip the facet's neuron, or had no
    /// interior): 0 for networks in general position. A positive number means the enumeration may be incomplete there.
    /// </summary>
    public int UnresolvedFacets { get; }
}
