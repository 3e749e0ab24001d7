package nodevm

import (
	"net"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	lua "github.com/yuin/gopher-lua"
)

// frameDecode is frame:decode(): the frame's protocol layers as a table,
// {layers = {"Ethernet", "IPv4", "UDP", "Payload"}, ethernet = {...},
// ipv4 = {...}, udp = {...}, payload = "..."}, with error = "..." when a
// layer could not be decoded. A frame that carries another (a tunnel, such
// as EtherIP) has the outermost layer of each kind under its key.
func frameDecode(L *lua.LState) int {
	f := checkFrame(L, 1)
	pkt := gopacket.NewPacket([]byte(f.data), layers.LayerTypeEthernet, gopacket.Default)
	out := L.NewTable()
	names := L.NewTable()
	for _, layer := range pkt.Layers() {
		names.Append(lua.LString(layer.LayerType().String()))
		t := L.NewTable()
		set := func(k string, v lua.LValue) { t.RawSetString(k, v) }
		str := func(k, v string) { set(k, lua.LString(v)) }
		num := func(k string, v float64) { set(k, lua.LNumber(v)) }
		var key string
		switch l := layer.(type) {
		case *layers.Ethernet:
			key = "ethernet"
			str("src", l.SrcMAC.String())
			str("dst", l.DstMAC.String())
			num("type", float64(l.EthernetType))
		case *layers.ARP:
			key = "arp"
			num("op", float64(l.Operation))
			str("sender_mac", net.HardwareAddr(l.SourceHwAddress).String())
			str("sender_ip", net.IP(l.SourceProtAddress).String())
			str("target_mac", net.HardwareAddr(l.DstHwAddress).String())
			str("target_ip", net.IP(l.DstProtAddress).String())
		case *layers.IPv4:
			key = "ipv4"
			str("src", l.SrcIP.String())
			str("dst", l.DstIP.String())
			num("protocol", float64(l.Protocol))
			num("ttl", float64(l.TTL))
			num("length", float64(l.Length))
		case *layers.IPv6:
			key = "ipv6"
			str("src", l.SrcIP.String())
			str("dst", l.DstIP.String())
			num("next_header", float64(l.NextHeader))
			num("hop_limit", float64(l.HopLimit))
		case *layers.UDP:
			key = "udp"
			num("src_port", float64(l.SrcPort))
			num("dst_port", float64(l.DstPort))
			num("length", float64(l.Length))
		case *layers.TCP:
			key = "tcp"
			num("src_port", float64(l.SrcPort))
			num("dst_port", float64(l.DstPort))
			num("seq", float64(l.Seq))
			num("ack", float64(l.Ack))
			set("syn", lua.LBool(l.SYN))
			set("ack_flag", lua.LBool(l.ACK))
			set("fin", lua.LBool(l.FIN))
			set("rst", lua.LBool(l.RST))
		case *layers.ICMPv4:
			key = "icmpv4"
			num("type", float64(l.TypeCode.Type()))
			num("code", float64(l.TypeCode.Code()))
			num("id", float64(l.Id))
			num("seq", float64(l.Seq))
		case *layers.ICMPv6:
			key = "icmpv6"
			num("type", float64(l.TypeCode.Type()))
			num("code", float64(l.TypeCode.Code()))
		default:
			continue
		}
		if out.RawGetString(key) == lua.LNil {
			out.RawSetString(key, t)
		}
	}
	out.RawSetString("layers", names)
	if app := pkt.ApplicationLayer(); app != nil {
		out.RawSetString("payload", lua.LString(app.Payload()))
	}
	if el := pkt.ErrorLayer(); el != nil {
		out.RawSetString("error", lua.LString(el.Error().Error()))
	}
	L.Push(out)
	return 1
}
