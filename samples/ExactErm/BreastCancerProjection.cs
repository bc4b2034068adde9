using DslNets;
using MathNet.Numerics.LinearAlgebra;

namespace ExactErmSample;

/// <summary>The UCI breast-cancer set projected onto its first two principal components, and a seeded balanced sample of it.</summary>
internal static class BreastCancerProjection
{
    /// <summary>Finds the CSV (scikit-learn layout: a header "569,30,…", then 30 features and the class 0/1 per row).</summary>
    public static string Locate(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? given : throw new FileNotFoundException($"Expected the breast-cancer CSV at '{given}' but there is no such file.");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                foreach (var relative in new[] { "data/uci/breast_cancer.csv", "shared/data/uci/breast_cancer.csv", "../shared/data/uci/breast_cancer.csv" })
                {
                    var path = Path.GetFullPath(Path.Combine(dir.FullName, relative));
                    if (File.Exists(path)) return path;
                }
        throw new FileNotFoundException("Expected data/uci/breast_cancer.csv (or ../shared/data/uci/breast_cancer.csv) above the working directory; pass --data PATH.");
    }

    /// <summary>Standardises the 30 features, projects every row on the first two principal components (SVD) and scales
    /// both components to unit standard deviation; returns the projections and labels (+1 benign, −1 malignant).</summary>
    public static (double[,] Points, double[] Labels) Load(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        int rows = lines.Length, features = 30;
        var data = Matrix<double>.Build.Dense(rows, features);
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != features + 1)
                throw new FormatException($"Expected {features + 1} comma-separated values on line {i + 2} of '{path}' but found {cells.Length}.");
            for (int k = 0; k < features; k++) data[i, k] = double.Parse(cells[k], System.Globalization.CultureInfo.InvariantCulture);
            labels[i] = cells[features].Trim() == "1" ? 1 : -1;
        }
        for (int k = 0; k < features; k++)
        {
            var column = data.Column(k);
            double mean = column.Average(), sd = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Sum() / (rows - 1));
            data.SetColumn(k, column.Select(v => (v - mean) / sd).ToArray());
        }
        var svd = data.Svd(computeVectors: true);
        var projected = data * svd.VT.Transpose().SubMatrix(0, features, 0, 2);
        var points = new double[rows, 2];
        for (int k = 0; k < 2; k++)
        {
            var column = projected.Column(k);
            double sd = Math.Sqrt(column.Select(v => v * v).Sum() / (rows - 1));
            for (int i = 0; i < rows; i++) points[i, k] = column[i] / sd;
        }
        return (points, labels);
    }

    /// <summary>A seeded sample of <paramref name="count"/> rows, half of each class (as near as the count allows).</summary>
    public static (double[,] Points, double[] Labels) Sample(double[,] points, double[] labels, int count, long seed)
    {
        var rng = new SeededRandom(seed);
        var benign = Enumerable.Range(0, labels.Length).Where(i => labels[i] > 0).ToArray();
        var malignant = Enumerable.Range(0, labels.Length).Where(i => labels[i] < 0).ToArray();
        rng.Shuffle<int>(benign);
        rng.Shuffle<int>(malignant);
        var chosen = benign.Take(count - count / 2).Concat(malignant.Take(count / 2)).ToArray();
        var x = new double[count, 2];
        var y = new double[count];
        for (int j = 0; j < count; j++) { x[j, 0] = points[chosen[j], 0]; x[j, 1] = points[chosen[j], 1]; y[j] = labels[chosen[j]]; }
        return (x, y);
    }
}
