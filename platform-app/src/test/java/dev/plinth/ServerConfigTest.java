package dev.plinth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The server's trust in forwarding headers. Liberty's own default for {@code remoteIp proxies}
 * trusts loopback and every private range, so the endpoint must name {@code
 * PLINTH_TRUSTED_PROXIES}, and that variable's default must match no address at all.
 */
class ServerConfigTest {

  static Document serverXml() throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Path.of("..", "server.xml").toFile());
  }

  @Test
  void unsetTrustedProxiesTrustNoAddress() throws Exception {
    Document d = serverXml();
    Element remoteIp = (Element) d.getElementsByTagName("remoteIp").item(0);
    assertThat(remoteIp.getParentNode().getNodeName()).isEqualTo("httpEndpoint");
    assertThat(remoteIp.getAttribute("proxies")).isEqualTo("${PLINTH_TRUSTED_PROXIES}");

    String fallback = null;
    var variables = d.getElementsByTagName("variable");
    for (int i = 0; i < variables.getLength(); i++) {
      Element v = (Element) variables.item(i);
      if (v.getAttribute("name").equals("PLINTH_TRUSTED_PROXIES")) {
        fallback = v.getAttribute("defaultValue");
      }
    }
    assertThat(fallback).isNotNull().isNotEmpty();
    Pattern none = Pattern.compile(fallback);
    for (String address :
        List.of(
            "127.0.0.1",
            "10.0.0.1",
            "192.168.1.1",
            "172.16.0.1",
            "0:0:0:0:0:0:0:1",
            "::1",
            "203.0.113.9",
            "")) {
      assertThat(none.matcher(address).matches()).as(address).isFalse();
    }
  }
}
