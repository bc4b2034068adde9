namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// Replays every input that ever broke a reader's contract (TestData/FuzzRegressions/cases.tsv names the bug each
/// found): each must now end as the index says, within the campaign's contract and allocation bound.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "FuzzRegressions");

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (string line in File.ReadLines(Path.Combine(Folder, "cases.tsv")).Where(l => l.Length > 0 && l[0] != '#'))
        {
            string[] fields = line.Split('\t');
            cases.Add(fields[0], fields[1], fields[2]);
        }

        return cases;
    }

    [Fact]
    public void Every_kept_input_is_in_the_index_and_every_index_row_has_its_file()
    {
        var indexed = Cases().Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(n => n != "cases.tsv").ToHashSet();
        Assert.Equal(files.Order(), indexed.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_kept_input_ends_as_its_index_says(string file, string reader, string outcome)
    {
        ReaderTarget target = ReaderTargets.All[reader];
        byte[] input = File.ReadAllBytes(Path.Combine(Folder, file));

        FuzzCampaign.RunCase(target, input, () => file, new FuzzStatistics { Reader = reader });

        if (outcome == "accepted")
        {
            Assert.StartsWith("accepted", target.Read(input), StringComparison.Ordinal);
        }
        else
        {
            Exception error = Assert.Throws(target.DocumentedException, () => target.Read(input));
            Assert.Contains(outcome, error.Message, StringComparison.Ordinal);
        }
    }
}
