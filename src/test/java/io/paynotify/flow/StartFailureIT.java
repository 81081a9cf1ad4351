package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.support.NodeProcess;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node that cannot start says so and ends, instead of hanging (its port taken by another process). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartFailureIT {

  @Test
  void aTakenPortFailsTheStartInsteadOfHanging() throws IOException {
    try (TestDatabase db = TestDatabase.create("startfail");
         ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = TestNode.env(db, "http://127.0.0.1:9");
      env.put("HTTP_PORT", String.valueOf(taken.getLocalPort()));
      assertThatThrownBy(() -> TestNode.start(env)).hasMessageContaining("Address already in use");
    }
  }

  @Test
  void theProcessExitsWithStatusOneAndOneLineNamingTheCause() throws IOException {
    try (TestDatabase db = TestDatabase.create("startfail_process");
         ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = TestNode.env(db, "http://127.0.0.1:9");
      env.put("HTTP_PORT", String.valueOf(taken.getLocalPort()));
      NodeProcess.Exit exit = NodeProcess.run(env, java.time.Duration.ofSeconds(45));
      assertThat(exit.status()).as("exit status; output:\n%s", exit.output()).isEqualTo(1);
      // NIO says java.net.BindException, Netty's epoll transport NativeIoException: both name the cause
      assertThat(exit.output()).containsPattern("paynotify could not start: \\S+: (bind\\(\\.\\.\\) failed.*: )?Address already in use");
    }
  }
}
