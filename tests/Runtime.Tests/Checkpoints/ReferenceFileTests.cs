using System.Globalization;
using DslNets.Checkpoints;

namespace DslNets.Runtime.Tests.Checkpoints;

/// <summary>
/// Files written by tests/tools/write_safetensors_reference.py (Python standard library only), with the numbers
/// they hold listed beside them in plain text: DslNets must read the same numbers.
/// </summary>
public class ReferenceFileTests
{
    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Checkpoints", name);

    /// <summary>Lines "name TAB dtype TAB shape TAB values" (shape comma-separated, empty for a scalar).</summary>
    private static List<(string Name, string DType, long[] Shape, double[] Values)> Listed(string name) =>
        File.ReadAllLines(TestData(name))
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0] != "forward")
            .Select(fields => (fields[0], fields[1],
                fields[2].Length == 0 ? [] : fields[2].Split(',').Select(long.Parse).ToArray(),
                fields[3].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
            .ToList();

    [Fact]
    public void MixedDtypesScalarsAndAnyDataOrderReadAsListed()
    {
        SafeTensorsFile file = SafeTensorsFile.Read(TestData("reference-mixed.safetensors"));
        var listed = Listed("reference-mixed.txt");

        Assert.Equal(listed.Select(t => t.Name), file.Tensors.Select(t => t.Name));
        Assert.Equal("write_safetensors_reference.py", file.Metadata["writer"]);
        foreach (var (name, dtype, shape, values) in listed)
        {
            SafeTensorEntry entry = file.Find(name)!;
            Assert.Equal(dtype, entry.DType.ToString());
            Assert.Equal(shape, entry.Shape);
            Assert.Equal(values, file.ReadDoubles(name));
        }

        var rho = new float[4];
        file.CopyTo<float>("posterior.rho", rho);
        Assert.Equal(listed[1].Values, rho.Select(v => (double)v));
    }

    [Fact]
    public void APythonWrittenCheckpointLoadsIntoTheGeneratedNetwork()
    {
        ReferenceNet net = Checkpoint.Load<ReferenceNet, float>(TestData("reference-net.safetensors"));
        var listed = Listed("reference-net.txt");

        foreach (var (name, _, _, values) in listed)
        {
            TensorInfo tensor = ReferenceNet.Tensors.Single(t => t.Name == name);
            Assert.Equal(values, net.Parameters.AsSpan(tensor.Offset, tensor.Length).ToArray().Select(v => (double)v));
        }

        // The script's own forward pass (in double, from the same weights) must match the generated network's.
        string[] forward = File.ReadAllLines(TestData("reference-net.txt")).Single(l => l.StartsWith("forward\t", StringComparison.Ordinal)).Split('\t');
        float[] input = forward[1].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        double expected = double.Parse(forward[2], CultureInfo.InvariantCulture);
        var output = new float[1];
        net.Forward(input, output);
        Assert.Equal(expected, output[0], 1e-6);
    }

    [Fact]
    public void OurWriterReproducesThePythonFileExceptForHeaderOrder()
    {
        // Save what we loaded and read both back: the same tensors, shapes and numbers.
        ReferenceNet net = Checkpoint.Load<ReferenceNet, float>(TestData("reference-net.safetensors"));
        string path = Path.Combine(Path.GetTempPath(), $"dslnets-reference-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.Save<ReferenceNet, float>(net, path);
            SafeTensorsFile ours = SafeTensorsFile.Read(path);
            SafeTensorsFile theirs = SafeTensorsFile.Read(TestData("reference-net.safetensors"));
            foreach (SafeTensorEntry entry in theirs.Tensors)
            {
                Assert.Equal(entry.Shape, ours.Find(entry.Name)!.Shape);
                Assert.Equal(theirs.ReadDoubles(entry.Name), ours.ReadDoubles(entry.Name));
            }

            Assert.Equal(theirs.Metadata[Checkpoint.NetworkKey], ours.Metadata[Checkpoint.NetworkKey]);
            Assert.Equal(theirs.Metadata[Checkpoint.ParameterCountKey], ours.Metadata[Checkpoint.ParameterCountKey]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
