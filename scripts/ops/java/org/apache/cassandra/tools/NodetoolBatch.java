package org.apache.cassandra.tools;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;


/**
 * Runs several nodetool commands in one JVM: starting Cassandra's tool classes costs seconds per JVM on a busy
 * machine, and a backup of a ring needs a few commands per node. (In this package because NodeProbeFactory is
 * package-private.) Reads one command per line on stdin, its arguments
 * separated by tabs (each line carries its own -h/-p, so one run can address every node), and prints for each
 *   @@nodetool-begin <n>
 *   <stdout and stderr of the command>
 *   @@nodetool-end <n> <exit code>
 */
public final class NodetoolBatch {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            int code;
            try {
                code = new NodeTool(new NodeProbeFactory(), new Output(capture, capture)).execute(line.split("\t"));
            } catch (Throwable t) {
                t.printStackTrace(capture);
                code = 99;
            }
            capture.flush();
            out.println("@@nodetool-begin " + n);
            out.print(buffer.toString(StandardCharsets.UTF_8));
            out.println();
            out.println("@@nodetool-end " + n + " " + code);
            n++;
        }
    }
}
