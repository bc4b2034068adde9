namespace DslNets.Plotting;

/// <summary>How <see cref="PartitionPlot"/> fills the regions.</summary>
public enum RegionColoring
{
    /// <summary>By the value of one output at the region's centroid, on the viridis scale from the smallest to the largest value (with a colour bar).</summary>
    OutputValue = 0,
    /// <summary>By a hash of the activation pattern: neighbouring regions get unrelated colours.</summary>
    PatternHash = 1,
}
