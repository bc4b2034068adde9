using System.Globalization;
using System.IO.Compression;
using DslNets.Data;

namespace Quickstart;

/// <summary>
/// The UCI optical-digits set shipped inside this program (data/uci/digits.csv.gz, CC BY 4.0; see data/uci/digits.rst):
/// 1,797 images of 8×8 grey levels 0–16 (scaled here to [0, 1]), the label in the last column.
/// </summary>
internal static class EmbeddedDigits
{
    public const int Features = 64;
    public const int Classes = 10;

    public static Dataset<float> Load()
    {
        using Stream resource = typeof(EmbeddedDigits).Assembly.GetManifestResourceStream("digits.csv.gz")
            ?? throw new InvalidOperationException("The embedded resource 'digits.csv.gz' is missing from the Quickstart assembly.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var images = new List<float>();
        var labels = new List<int>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != Features + 1)
            {
                throw new InvalidDataException($"digits.csv.gz line {lineNumber}: expected {Features + 1} fields but found {fields.Length}.");
            }

            for (int i = 0; i < Features; i++)
            {
                images.Add(float.Parse(fields[i], CultureInfo.InvariantCulture) / 16f);
            }

            labels.Add((int)double.Parse(fields[Features], CultureInfo.InvariantCulture));
        }

        return new Dataset<float>(images.ToArray(), labels.ToArray(), Features, Classes);
    }
}
