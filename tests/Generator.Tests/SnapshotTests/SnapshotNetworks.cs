namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// The one list of snapshot networks. To add one: put its source in tests/Generator.Tests/Networks/&lt;Name&gt;.cs
/// (the file name is the class name), add the name here, run the snapshot tests once with
/// DSLNETS_ACCEPT_SNAPSHOTS=1 and commit Snapshots/&lt;Name&gt;.verified.cs.
/// An approved snapshot whose name is not listed here fails <see cref="SnapshotRegistryTests"/>.
/// </summary>
public static class SnapshotNetworks
{
    /// <summary>The networks whose generated code is snapshotted, by class (and file) name.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "ConvotronNet",
        "LeNet5",
        "MnistMlp",
        "NeuroTronNet",
        "PbbMnistCnn",
        "PiecewiseLinearCnn",
        "SmallResNet",
        "SmoothClassifier",
        "SparseAutoencoder",
        "TiedLeaky",
        "TinyConvSingle",
        "TinyRegressor",
        "TinyRegressorSingle",
        "WideSoftmax",
    ];

    /// <summary>The names as xunit theory data.</summary>
    public static TheoryData<string> Data()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names) data.Add(name);
        return data;
    }
}
