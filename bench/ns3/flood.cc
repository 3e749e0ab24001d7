// flood.cc: ns-3's side of `meshlua bench flood-vs-ns3`. It floods one
// message over the graph in a file, the way meshlua's stdlib `flood`
// program does, and prints how many nodes it reached.
//
//   flood GRAPH device|udp
//
// GRAPH is the edge list meshlua reads too: a line "N M", then M lines
// "A B" joining node A to node B (nodes 1..N). Every node is an ns-3 Node,
// every edge a point-to-point link (a full-duplex cable: 100 Gbit/s, no
// delay) between two PointToPointNetDevices. Each node runs a Flood
// application: node 1 sends the message on all its links at time 0, and
// every node passes the first copy of a message it hears on all its other
// links and drops the copies that follow.
//
// The message is the payload meshlua's flood sends, byte for byte:
// "FLOOD1\n<origin>\n<seq> <ttl> <hops>\n<text>", with a TTL of 16 hops.
// Two ways to carry it:
//   device  the packet goes to the devices as it is: NetDevice::Send, and
//           a protocol handler on the node (Node::RegisterProtocolHandler);
//           a 2-byte PPP header, as meshlua's frames have a 14-byte
//           Ethernet one. ns-3's PPP device carries only IPv4 and IPv6, so
//           the packets say 0x0800; no IP stack is there to read them.
//   udp     the conventional ns-3 way: an IPv4 stack on every node (no
//           IPv6), a /30 subnet per link, one UDP socket per node on port
//           9 that sends to each other link's subnet broadcast address and
//           learns the link a message came from (Ipv4PacketInfoTag).
//
// Output: "reached R of N-1 frames F", F the packets the flood
// applications received in all.
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_set>
#include <vector>

using namespace ns3;

namespace
{

const uint16_t kPort = 9;
const uint16_t kIpv4 = 0x0800;
const uint32_t kTtl = 16;

// Message is a flood message, as meshlua's flood program writes it.
struct Message
{
    std::string origin;
    uint32_t seq, ttl, hops;
    std::string text;

    std::string Encode() const
    {
        return "FLOOD1\n" + origin + "\n" + std::to_string(seq) + " " + std::to_string(ttl) +
               " " + std::to_string(hops) + "\n" + text;
    }

    // Decode reads p into m; false if p is not a flood message.
    static bool Decode(const std::string& p, Message& m)
    {
        if (p.compare(0, 7, "FLOOD1\n") != 0)
        {
            return false;
        }
        size_t e1 = p.find('\n', 7);
        if (e1 == std::string::npos)
        {
            return false;
        }
        size_t e2 = p.find('\n', e1 + 1);
        if (e2 == std::string::npos ||
            std::sscanf(p.c_str() + e1 + 1, "%u %u %u", &m.seq, &m.ttl, &m.hops) != 3)
        {
            return false;
        }
        m.origin = p.substr(7, e1 - 7);
        m.text = p.substr(e2 + 1);
        return true;
    }
};

// Flood is the application every node runs: it remembers the messages it
// has seen, and passes each new one on all the node's links but the one
// it came from. Its subclasses say how a packet reaches a link.
class Flood : public Application
{
  public:
    uint32_t delivered = 0; // messages from others, each counted once
    uint32_t frames = 0;    // packets received, copies included

    // Originate sends text as a new message on every link.
    void Originate(const std::string& text)
    {
        Message m{Name(), ++m_seq, kTtl, 0, text};
        m_seen.insert(m.origin + "#" + std::to_string(m.seq));
        SendAll(m.Encode(), -1);
    }

  protected:
    // SendAll sends payload on every link of the node but except (-1: on all).
    virtual void SendAll(const std::string& payload, int32_t except) = 0;

    // Hear handles a payload that came on link from.
    void Hear(const std::string& payload, int32_t from)
    {
        frames++;
        Message m;
        if (!Message::Decode(payload, m) || !m_seen.insert(m.origin + "#" + std::to_string(m.seq)).second)
        {
            return;
        }
        delivered++;
        m.hops++;
        if (m.ttl > 1)
        {
            m.ttl--;
            SendAll(m.Encode(), from);
        }
    }

    std::string Name() const
    {
        return "n" + std::to_string(GetNode()->GetId() + 1);
    }

  private:
    uint32_t m_seq = 0;
    std::unordered_set<std::string> m_seen;
};

// DeviceFlood hands packets to the node's devices, with no IP stack.
class DeviceFlood : public Flood
{
  protected:
    void StartApplication() override
    {
        GetNode()->RegisterProtocolHandler(MakeCallback(&DeviceFlood::Receive, this), kIpv4, nullptr);
    }

    void SendAll(const std::string& payload, int32_t except) override
    {
        Ptr<Node> node = GetNode();
        for (uint32_t i = 0; i < node->GetNDevices(); i++)
        {
            if (int32_t(i) != except)
            {
                Ptr<NetDevice> d = node->GetDevice(i);
                d->Send(Create<Packet>((const uint8_t*)payload.data(), payload.size()), d->GetBroadcast(), kIpv4);
            }
        }
    }

  private:
    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t,
                 const Address&,
                 const Address&,
                 NetDevice::PacketType)
    {
        std::string payload(p->GetSize(), '\0');
        p->CopyData((uint8_t*)payload.data(), payload.size());
        Hear(payload, device->GetIfIndex());
    }
};

// UdpFlood sends UDP datagrams to the subnet broadcast address of each
// link, through the node's IPv4 stack.
class UdpFlood : public Flood
{
  protected:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->SetAllowBroadcast(true);
        m_socket->SetRecvPktInfo(true);
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
        m_socket->SetRecvCallback(MakeCallback(&UdpFlood::Receive, this));
    }

    void StopApplication() override
    {
        m_socket->Close();
    }

    void SendAll(const std::string& payload, int32_t except) override
    {
        Ptr<Ipv4> ip = GetNode()->GetObject<Ipv4>();
        for (uint32_t i = 1; i < ip->GetNInterfaces(); i++) // 0: loopback
        {
            if (int32_t(i) != except)
            {
                Ipv4Address to = ip->GetAddress(i, 0).GetBroadcast();
                m_socket->SendTo(Create<Packet>((const uint8_t*)payload.data(), payload.size()),
                                 0,
                                 InetSocketAddress(to, kPort));
            }
        }
    }

  private:
    Ptr<Socket> m_socket;

    void Receive(Ptr<Socket> s)
    {
        Ptr<Packet> p;
        while ((p = s->Recv()))
        {
            Ipv4PacketInfoTag info;
            p->RemovePacketTag(info);
            Ptr<Ipv4> ip = GetNode()->GetObject<Ipv4>();
            std::string payload(p->GetSize(), '\0');
            p->CopyData((uint8_t*)payload.data(), payload.size());
            Hear(payload, ip->GetInterfaceForDevice(GetNode()->GetDevice(info.GetRecvIf())));
        }
    }
};

// AddressLink gives the two ends of link number i the addresses 10.x.y.z/30
// of the link's own subnet, and brings them up. Ipv4AddressHelper would do
// the same, but its check that no address is given twice takes time in
// the square of the addresses given: 34 s of 36 with 20,000 links.
void
AddressLink(const NetDeviceContainer& link, uint32_t i)
{
    Ipv4Mask mask("255.255.255.252");
    for (uint32_t end = 0; end < 2; end++)
    {
        Ptr<NetDevice> d = link.Get(end);
        Ptr<Ipv4> ip = d->GetNode()->GetObject<Ipv4>();
        int32_t k = ip->AddInterface(d);
        ip->AddAddress(k, Ipv4InterfaceAddress(Ipv4Address((10u << 24) + 4 * i + 1 + end), mask));
        ip->SetUp(k);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc != 3 || (std::string(argv[2]) != "device" && std::string(argv[2]) != "udp"))
    {
        std::cerr << "usage: flood GRAPH device|udp\n";
        return 2;
    }
    bool udp = std::string(argv[2]) == "udp";
    std::ifstream in(argv[1]);
    uint32_t n, m;
    if (!(in >> n >> m) || n < 1)
    {
        std::cerr << argv[1] << ":1: want \"NODES EDGES\"\n";
        return 1;
    }
    NodeContainer nodes;
    nodes.Create(n);
    if (udp)
    {
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
    }
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("0s"));
    for (uint32_t i = 0; i < m; i++)
    {
        uint32_t a, b;
        if (!(in >> a >> b) || a < 1 || b < 1 || a > n || b > n)
        {
            std::cerr << argv[1] << ":" << i + 2 << ": want \"A B\", two nodes from 1 to " << n << "\n";
            return 1;
        }
        NetDeviceContainer link = p2p.Install(nodes.Get(a - 1), nodes.Get(b - 1));
        if (udp)
        {
            AddressLink(link, i);
        }
    }
    std::vector<Ptr<Flood>> apps;
    for (uint32_t i = 0; i < n; i++)
    {
        Ptr<Flood> app;
        if (udp)
        {
            app = CreateObject<UdpFlood>();
        }
        else
        {
            app = CreateObject<DeviceFlood>();
        }
        nodes.Get(i)->AddApplication(app);
        apps.push_back(app);
    }
    Simulator::Schedule(Seconds(1), &Flood::Originate, apps[0], std::string("hello"));
    Simulator::Run();
    uint32_t reached = 0, frames = 0;
    for (uint32_t i = 0; i < n; i++)
    {
        reached += i > 0 && apps[i]->delivered > 0;
        frames += apps[i]->frames;
    }
    std::cout << "reached " << reached << " of " << n - 1 << " frames " << frames << "\n";
    Simulator::Destroy();
    return 0;
}
