using System.Text;
using DslNets.Data;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Data;

public sealed class CsvDatasetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string text, bool gzip = false)
    {
        string path = _folder.File(name);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(bytes) : bytes);
        return path;
    }

    [Fact]
    public void TheShippedDigitsHave1797RowsOf64FeaturesAndLabels0To9()
    {
        string path = Path.Combine(RepositoryPaths.Root, "data", "uci", "digits.csv.gz");

        Dataset<float> digits = CsvDataset.Load<float>(path);

        Assert.Equal(1797, digits.Count);
        Assert.Equal(64, digits.FeatureCount);
        Assert.Equal(10, digits.ClassCount);
        // The class sizes of this copy of the UCI test set (as scikit-learn documents them).
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], digits.ClassCounts());
        // The file's first line, read by eye: a zero.
        float[] first = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                         0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0];
        Assert.Equal(first, digits.Row(0).ToArray());
        Assert.Equal(0, digits.Labels[0]);
        Assert.InRange(digits.Features.Min(), 0f, 0f);
        Assert.InRange(digits.Features.Max(), 16f, 16f);
    }

    [Fact]
    public void SharedIrisAndBreastCancerMatchTheirHeaders()
    {
        string? shared = RepositoryPaths.SharedData;
        if (shared is null)
        {
            output.WriteLine("NOTE: no shared data beside the repository and DSLNETS_SHARED_DATA unset; the iris and breast-cancer checks did not run.");
            return;
        }

        Dataset<double> iris = CsvDataset.Load<double>(Path.Combine(shared, "uci", "iris.csv"));
        Dataset<double> cancer = CsvDataset.Load<double>(Path.Combine(shared, "uci", "breast_cancer.csv"));

        Assert.Equal((150, 4), (iris.Count, iris.FeatureCount));
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal([50, 50, 50], iris.ClassCounts());
        Assert.Equal([5.1, 3.5, 1.4, 0.2], iris.Row(0).ToArray());
        Assert.Equal((569, 30), (cancer.Count, cancer.FeatureCount));
        Assert.Equal(["malignant", "benign"], cancer.ClassNames);
        Assert.Equal([212, 357], cancer.ClassCounts());
        Assert.Equal(17.99, cancer.Row(0)[0]);
    }

    [Fact]
    public void AHeaderIsReadAndChecked()
    {
        string path = Write("small.csv", "3,2,no,yes\n0.5,1,0\n-2,3e2,1\n 4 , 0.1 ,1\n");

        Dataset<float> data = CsvDataset.Load<float>(path);

        Assert.Equal(["no", "yes"], data.ClassNames);
        Assert.Equal([0.5f, 1f, -2f, 300f, 4f, 0.1f], data.Features);
        Assert.Equal([0, 1, 1], data.Labels);
    }

    [Fact]
    public void AHeaderRowCountThatDisagreesIsNamed()
    {
        string path = Write("rows.csv", "4,2,a,b\n1,2,0\n3,4,1\n5,6,0\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("the header says 4 rows but the file has 3 rows of data", error.Message);
    }

    [Fact]
    public void AHeaderColumnCountThatDisagreesIsNamed()
    {
        string path = Write("cols.csv", "2,3,a,b\n1,2,0\n3,4,1\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(path));

        Assert.Contains("the header says 3 feature columns (so 4 fields with the label) but line 2 has 3 fields", error.Message);
    }

    [Theory]
    [InlineData("1,NaN,0", 2, "expected a finite number but found 'NaN'")]
    [InlineData("1,,0", 2, "expected a number but the field is empty")]
    [InlineData("x1,2,0", 1, "expected a finite number but found 'x1'")]
    [InlineData("1,Infinity,0", 2, "expected a finite number but found 'Infinity'")]
    [InlineData("1,1e999,0", 2, "expected a finite number but found '1e999'")]
    [InlineData("1,2,1.5", 3, "(the label): expected a non-negative integer class label but found '1.5'")]
    [InlineData("1,2,-1", 3, "(the label): expected a non-negative integer class label but found '-1'")]
    [InlineData("1,2,", 3, "(the label): expected a class label but the field is empty")]
    public void ABadFieldNamesTheFileLineAndColumn(string badLine, int column, string expected)
    {
        string path = Write("bad.csv.gz", $"1,2,0\n3,4,1\n{badLine}\n", gzip: true);

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load<float>(path));

        Assert.Contains($"{path}: line 3, column {column}", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ALabelBeyondTheHeadersClassesIsNamed()
    {
        string path = Write("classes.csv", "2,1,a,b\n1,0\n2,2\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(path));

        Assert.Contains("line 3, column 2 (the label): expected a label from 0 to 1 (the header names 2 classes) but found 2", error.Message);
    }

    [Fact]
    public void RaggedLinesAndBlankLinesAreRejected()
    {
        string ragged = Write("ragged.csv", "1,2,0\n3,4,5,1\n");
        string blank = Write("blank.csv", "1,2,0\n\n3,4,1\n");

        Assert.Contains("line 2 has 4 fields but line 1 has 3", Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(ragged)).Message);
        Assert.Contains("line 2 is empty but line 3 has data", Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(blank)).Message);
    }

    [Fact]
    public void WithoutAHeaderClassesAreCountedFromTheLabels()
    {
        // Auto: the third field of the first line is a number, so the first line is data; trailing blank lines are fine.
        string path = Write("plain.csv.gz", "1,2,3\r\n4,5,0\r\n\r\n", gzip: true);

        Dataset<double> data = CsvDataset.Load<double>(path);

        Assert.Equal(2, data.Count);
        Assert.Equal(4, data.ClassCount);
        Assert.Equal([1.0, 2.0, 4.0, 5.0], data.Features);
        Assert.Equal(["0", "1", "2", "3"], data.ClassNames);
    }

    [Fact]
    public void AnExplicitHeaderChoiceOverridesDetection()
    {
        string path = Write("numeric-header.csv", "1,1,7\n2,0\n");

        Dataset<double> data = CsvDataset.Load<double>(path, CsvHeader.RowsColumnsClassNames);

        Assert.Equal(["7"], data.ClassNames);
        Assert.Equal([2.0], data.Features);
        Assert.Contains("line 2 has 2 fields but line 1 has 3", Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(path, CsvHeader.None)).Message);
    }

    [Fact]
    public void AMalformedHeaderIsNamed()
    {
        string path = Write("header.csv", "many,2,a,b\n1,2,0\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load<double>(path));

        Assert.Contains("line 1, column 1: expected the row count (a positive integer) in the header but found 'many'", error.Message);
    }
}
