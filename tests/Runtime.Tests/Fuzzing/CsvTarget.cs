using System.Text;
using DslNets.Data;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// Labelled CSV files, raw and gzip, with and without the "rows,columns,class names" header: <see cref="CsvDataset"/>
/// as float and as double. An accepted file must give finite features and labels inside the class count.
/// </summary>
public sealed class CsvTarget : ReaderTarget
{
    private const string WithHeader = "4,3,setosa,versicolor\n5.1,3.5,1.4,0\n4.9,3.0,1.4,1\n6.2,2.9,4.3,1\n5.9,3.0,5.1,0\n";
    private const string WithoutHeader = "0.5,-1.25e-3,2\r\n1e3,7,0\r\n-0,3.5,1\r\n";

    /// <inheritdoc />
    public override string Name => "csv";

    /// <inheritdoc />
    public override Type DocumentedException => typeof(DataFormatException);

    /// <inheritdoc />
    public override IReadOnlyList<FuzzSeed> Seeds { get; } =
    [
        new("csv with header", Encoding.UTF8.GetBytes(WithHeader)),
        new("csv without header, CRLF", Encoding.UTF8.GetBytes(WithoutHeader)),
        new("csv with header, gzip", IdxBytes.Gzip(Encoding.UTF8.GetBytes(WithHeader))),
        new("csv without header, damaged then gzipped", Encoding.UTF8.GetBytes(WithoutHeader), GzipAfterMutation: true),
    ];

    /// <inheritdoc />
    public override string Read(byte[] input)
    {
        Check(CsvDataset.Parse<float>(InputPath, input));
        Check(CsvDataset.Parse<double>(InputPath, input));
        return "accepted";
    }

    private static void Check<T>(Dataset<T> data) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (data.Count < 1) throw new FuzzFailure("accepted a CSV file without rows");
        if (data.Features.Any(v => !T.IsFinite(v))) throw new FuzzFailure("accepted a feature that is NaN or infinite");
        if (data.Labels.Any(l => l < 0 || l >= data.ClassCount)) throw new FuzzFailure("accepted a label outside the class count");
        if (data.ClassNames.Count != data.ClassCount) throw new FuzzFailure("class names and class count disagree");
    }
}
