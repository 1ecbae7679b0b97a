package io.gansweep.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;

/** Test helper: an in-memory DuckDB, the independent second reader of gansweep's Parquet. */
public final class DuckDb {
  private DuckDb() {}

  /** The first column of every row of {@code sql}, as sorted strings. */
  public static TreeSet<String> strings(String sql) throws SQLException {
    TreeSet<String> out = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
