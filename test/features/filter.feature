Feature: Step - has(), hasLabel(), hasId(), hasNot(), hasKey(), hasValue(), is(), where(), not(), and(), or(), filter()

  Scenario: g_V_hasXname_markoX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'marko')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasXname_nobodyX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_hasXage_gtX30XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.gt(30))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasXage_gteX29XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.gte(29))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasXage_ltX29XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.lt(29))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_V_hasXage_lteX29XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.lte(29))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_V_hasXage_neqX29XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.neq(29))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasXage_eqX32XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.eq(32))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_V_hasXage_betweenX27_32XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.between(27, 32))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[marko] |

  Scenario: g_V_hasXage_insideX27_32XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.inside(27, 32))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasXage_outsideX27_32XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.outside(27, 32))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[peter] |

  Scenario: g_V_hasXage_withinX27_35XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.within(27, 35))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[peter] |

  Scenario: g_V_hasXage_withoutX27_35XX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.without(27, 35))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |

  Scenario: g_V_hasXname_withinXmarko_josh_nobodyXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', P.within('marko', 'josh', 'nobody'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |

  Scenario: g_V_hasXage_notXwithinX27_29XXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.not(P.within(27, 29)))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasXage_gtX27X_andXltX35XXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.gt(27).and(P.lt(35)))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |

  Scenario: g_V_hasXage_ltX28X_orXgtX33XXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.lt(28).or(P.gt(33)))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[peter] |

  Scenario: g_V_hasXperson_name_joshX
    Given the modern graph
    And the traversal of
      """
      g.V().has('person', 'name', 'josh')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_V_hasXsoftware_name_joshX
    Given the modern graph
    And the traversal of
      """
      g.V().has('software', 'name', 'josh')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_hasXT_label_softwareX
    Given the modern graph
    And the traversal of
      """
      g.V().has(T.label, 'software')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_hasXname_markoX_hasXage_30X
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'marko').has('age', 30)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_hasXage_gtX29XX_hasXname_containingXoXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age', P.gt(29)).has('name', TextP.containing('o'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_V_hasXlang_pythonX
    Given the modern graph
    And the traversal of
      """
      g.V().has('lang', 'python')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_hasLabelXsoftwareX_hasXlang_javaX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').has('lang', 'java')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_hasXageX
    Given the modern graph
    And the traversal of
      """
      g.V().has('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasLabelXpersonX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasLabelXsoftwareX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_hasLabelXperson_softwareX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person', 'software')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |

  Scenario: g_E_hasLabelXcreatedX
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-created->lop] |
      | e[josh-created->ripple] |
      | e[josh-created->lop] |
      | e[peter-created->lop] |

  Scenario: g_V_out_hasLabelXpersonX
    Given the modern graph
    And the traversal of
      """
      g.V().out().hasLabel('person')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_V_hasIdXv1X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V().hasId(vid1)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasIdXv1_v2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V().hasId(vid1, vid2)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_V_hasIdXwithinXv1_v2XX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V().hasId(P.within(vid1, vid2))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_V_hasXT_id_v4X
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V().has(T.id, vid4)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_VXv1X_out_hasIdXv2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid1).out().hasId(vid2)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_E_hasIdXe7X
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E().hasId(eid)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |

  Scenario: g_V_hasNotXageX
    Given the modern graph
    And the traversal of
      """
      g.V().hasNot('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_hasNotXlangX
    Given the modern graph
    And the traversal of
      """
      g.V().hasNot('lang')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_properties_hasKeyXageX_value
    Given the modern graph
    And the traversal of
      """
      g.V().properties().hasKey('age').value()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | d[32].i |
      | d[35].i |

  Scenario: g_V_properties_hasValueXjavaX_key
    Given the modern graph
    And the traversal of
      """
      g.V().properties().hasValue('java').key()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lang |
      | lang |

  Scenario: g_V_valuesXageX_isX32X
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').is(32)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[32].i |

  Scenario: g_V_valuesXageX_isXgtX30XX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').is(P.gt(30))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[32].i |
      | d[35].i |

  Scenario: g_V_valuesXageX_isXwithinX27_29XX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').is(P.within(27, 29))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[27].i |
      | d[29].i |

  Scenario: g_V_whereXoutXcreatedXX
    Given the modern graph
    And the traversal of
      """
      g.V().where(__.out('created'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_whereXinXknowsXX
    Given the modern graph
    And the traversal of
      """
      g.V().where(__.in('knows'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_V_whereXoutXcreatedX_count_isXgtX1XXX
    Given the modern graph
    And the traversal of
      """
      g.V().where(__.out('created').count().is(P.gt(1)))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_V_whereXboth_count_isX3XX
    Given the modern graph
    And the traversal of
      """
      g.V().where(__.both().count().is(3))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[lop] |
      | v[josh] |

  Scenario: g_V_whereXvaluesXageX_isXgtX30XXX
    Given the modern graph
    And the traversal of
      """
      g.V().where(__.values('age').is(P.gt(30)))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_asXaX_outXcreatedX_inXcreatedX_whereXneqXaXX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('created').in('created').where(P.neq('a'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[peter] |
      | v[marko] |
      | v[peter] |
      | v[marko] |
      | v[josh] |

  Scenario: g_VXv1X_asXaX_outXcreatedX_inXcreatedX_whereXeqXaXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('created').in('created').where(P.eq('a'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_asXaX_outXknowsX_asXbX_whereXa_gtXbXX_byXageX_selectXa_bX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('knows').as('b').where('a', P.gt('b')).by('age').select('a', 'b').by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "marko", "b": "vadas"}] |

  Scenario: g_V_asXaX_outXcreatedX_whereXasXaX_valuesXnameX_isXjoshXX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('created').where(__.as('a').values('name').is('josh')).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | ripple |
      | lop |

  Scenario: g_V_notXoutXcreatedXX
    Given the modern graph
    And the traversal of
      """
      g.V().not(__.out('created'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_notXhasLabelXpersonXX
    Given the modern graph
    And the traversal of
      """
      g.V().not(__.hasLabel('person'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_notXbothEX
    Given the modern graph
    And the traversal of
      """
      g.V().not(__.bothE())
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_andXhasXage_gtX27XX_outXknowsXX
    Given the modern graph
    And the traversal of
      """
      g.V().and(__.has('age', P.gt(27)), __.out('knows'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_orXhasXage_gtX32XX_hasXlangXX
    Given the modern graph
    And the traversal of
      """
      g.V().or(__.has('age', P.gt(32)), __.has('lang'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[peter] |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_orXhasLabelXsoftwareX_hasXage_27XX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().or(__.hasLabel('software'), __.has('age', 27)).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lop |
      | ripple |
      | vadas |

  Scenario: g_V_filterXhasXageXX
    Given the modern graph
    And the traversal of
      """
      g.V().filter(__.has('age'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_filterXoutXknowsXX
    Given the modern graph
    And the traversal of
      """
      g.V().filter(__.out('knows'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_filterXvaluesXageX_isXltX30XXX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().filter(__.values('age').is(P.lt(30))).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | vadas |

  Scenario: g_V_hasXname_startingWithXmaXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.startingWith('ma'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasXname_endingWithXoXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.endingWith('o'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasXname_containingXaXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.containing('a'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_V_hasXname_notContainingXaXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.notContaining('a'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |

  Scenario: g_V_hasXname_notStartingWithXmXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.notStartingWith('m'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |

  Scenario: g_V_hasXname_notEndingWithXsXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', TextP.notEndingWith('s'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |

  Scenario: g_V_valuesXnameX_isXstartingWithXpXX
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').is(TextP.startingWith('p'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | peter |

  Scenario: g_E_hasXweight_gtX0_5XX
    Given the modern graph
    And the traversal of
      """
      g.E().has('weight', P.gt(0.5d))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->josh] |
      | e[josh-created->ripple] |

  Scenario: g_E_hasXweight_0_4X
    Given the modern graph
    And the traversal of
      """
      g.E().has('weight', 0.4d)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-created->lop] |
      | e[josh-created->lop] |

  Scenario: g_E_hasXweight_lteX0_4XX_outV_dedup
    Given the modern graph
    And the traversal of
      """
      g.E().has('weight', P.lte(0.4d)).outV().dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv1X_outE_hasXweight_insideX0_0_6XX_inV
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().has('weight', P.inside(0.0d, 0.6d)).inV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[lop] |

  Scenario: g_V_hasXname_eqXvadasXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', P.eq('vadas'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_V_hasXname_gtXmXX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', P.gt('m'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[ripple] |
      | v[peter] |
