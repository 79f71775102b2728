/** The node operator's egress policy over the wire contract's egress entries. */
module io.spear.egress {
  requires transitive io.spear.model;

  exports io.spear.egress;
}
