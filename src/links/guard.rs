//! What `check --links` will not fetch: an address that leads to the
//! machine itself or to a private network (loopback, private ranges,
//! link-local with the cloud metadata service at 169.254.169.254, shared
//! and reserved ranges), however it is written (`http://0/`,
//! `http://2130706433/`) and wherever a redirect sends it. A cited page of
//! a briefing is on the public web; a pull request must not make a CI
//! runner probe the network it runs in. `[links] allow_private = true`
//! lets a project check its own intranet.
//!
//! The check is made on the addresses a host name resolves to, by the
//! resolver the requests connect with, so a name cannot resolve to a
//! public address when checked and a private one when fetched. Through a
//! proxy (which resolves names itself) the name is resolved and checked
//! here first.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// An address refused, with what kind of address it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub host: String,
    pub ip: IpAddr,
    pub kind: &'static str,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host == self.ip.to_string() {
            write!(f, "{} is {}", self.ip, self.kind)
        } else {
            write!(f, "{} is at {}, {}", self.host, self.ip, self.kind)
        }
    }
}

impl std::error::Error for Refused {}

/// What kind of address `ip` is when it is not on the public internet.
pub fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => {
            // An IPv4 address written as IPv6 (mapped, compatible, or
            // translated by NAT64) is what it maps to.
            if let Some(v4) = embedded_v4(v6) {
                return v4_kind(v4);
            }
            let first = v6.segments()[0];
            if v6.is_unspecified() {
                Some("the unspecified address")
            } else if v6.is_loopback() {
                Some("the loopback address, this machine itself")
            } else if v6.is_multicast() {
                Some("a multicast address")
            } else if v6.is_unique_local() {
                Some("a private (unique local) address")
            } else if v6.is_unicast_link_local() {
                Some("a link-local address")
            } else if first == 0x2001 && v6.segments()[1] == 0x0db8 {
                Some("a documentation address")
            } else if first == 0 {
                Some("a reserved address")
            } else {
                None
            }
        }
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() || a == 0 => "the unspecified address, this machine itself",
        _ if ip.is_loopback() => "a loopback address, this machine itself",
        _ if ip.is_private() => "a private address",
        (169, 254, _) => "a link-local address (where cloud machines keep their metadata)",
        (100, 64..=127, _) => "a shared address of a carrier's network",
        (192, 0, 0) => "a reserved address",
        (198, 18..=19, _) => "a benchmarking address",
        _ if ip.is_documentation() => "a documentation address",
        _ if ip.is_multicast() => "a multicast address",
        _ if ip.is_broadcast() || a >= 240 => "a reserved address",
        _ => return None,
    })
}

/// The IPv4 address inside an IPv6 one that carries it.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let v4 = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(v4()),
        // ::a.b.c.d (deprecated, but still routed by some systems)
        [0, 0, 0, 0, 0, 0, _, _] if s[6] != 0 => Some(v4()),
        // 64:ff9b::a.b.c.d
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(v4()),
        _ => None,
    }
}

/// The first address of `addresses` that may not be fetched.
fn first_refused(host: &str, addresses: &[SocketAddr]) -> Option<Refused> {
    addresses.iter().find_map(|address| {
        not_public(address.ip()).map(|kind| Refused {
            host: host.to_string(),
            ip: address.ip(),
            kind,
        })
    })
}

/// The resolver requests connect with: the system's, refusing every name
/// with an address that is not public.
#[derive(Debug, Default)]
pub struct GuardedResolver {
    inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addresses = self.inner.resolve(uri, config, timeout)?;
        let host = uri.host().unwrap_or_default();
        match first_refused(host, &addresses) {
            Some(refused) => Err(ureq::Error::Other(Box::new(refused))),
            None => Ok(addresses),
        }
    }
}

/// Resolves the host of `url` here and refuses it when an address is not
/// public: for requests that a proxy makes, which resolves names itself.
pub fn check_host(url: &str) -> Result<(), Refused> {
    let Ok(uri) = url.parse::<Uri>() else {
        return Ok(());
    };
    let Some(host) = uri.host() else {
        return Ok(());
    };
    let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    });
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(addresses) = (bare, port).to_socket_addrs() else {
        // A name that does not resolve is reported by the request.
        return Ok(());
    };
    let addresses: Vec<SocketAddr> = addresses.collect();
    match first_refused(host, &addresses) {
        Some(refused) => Err(refused),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_disguised_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(not_public(ip.parse().unwrap()).is_some(), "{ip} passed");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700:4700::1111",
            "172.32.0.1",
        ] {
            assert_eq!(not_public(ip.parse().unwrap()), None, "{ip} refused");
        }
    }

    #[test]
    fn a_host_written_as_a_number_is_resolved_before_it_is_judged() {
        for url in [
            "http://0/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://127.1/",
            "http://[::1]:8080/",
            "http://localhost/",
        ] {
            assert!(check_host(url).is_err(), "{url} passed");
        }
    }
}
