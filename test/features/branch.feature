Feature: Step - union(), coalesce(), optional(), local(), choose(), option()

  Scenario: g_VXv1X_unionXoutXknowsX_outXcreatedXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).union(__.out('knows'), __.out('created'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv4X_unionXin_outX
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).union(__.in(), __.out())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_unionXvaluesXnameX_valuesXageXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).union(__.values('name'), __.values('age'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | d[29].i |

  Scenario: g_V_unionXhasLabelXsoftwareX_hasXage_gtX32XXX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().union(__.hasLabel('software'), __.has('age', P.gt(32))).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lop |
      | ripple |
      | peter |

  Scenario: g_VXv1X_unionXout_count_in_countX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).union(__.out().count(), __.in().count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |
      | d[0].l |

  Scenario: g_V_unionXoutE_inEX_count
    Given the modern graph
    And the traversal of
      """
      g.V().union(__.outE(), __.inE()).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[12].l |

  Scenario: g_injectX1X_unionXconstantXaX_constantXbXX
    Given the modern graph
    And the traversal of
      """
      g.inject(1).union(__.constant('a'), __.constant('b'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | a |
      | b |

  Scenario: g_VXv2X_unionXidentity_outX
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).union(__.identity(), __.out())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_VXv1X_unionXout_unionXout_inXX_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).union(__.out('knows'), __.out('created').union(__.in('created'), __.identity())).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | josh |
      | marko |
      | josh |
      | peter |
      | lop |

  Scenario: g_V_hasLabelXpersonX_coalesceXvaluesXlangX_constantXnoneXX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').coalesce(__.values('lang'), __.constant('none'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | none |
      | none |
      | none |
      | none |

  Scenario: g_V_coalesceXvaluesXlangX_valuesXnameXX
    Given the modern graph
    And the traversal of
      """
      g.V().coalesce(__.values('lang'), __.values('name'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | java |
      | josh |
      | java |
      | peter |

  Scenario: g_V_coalesceXoutXknowsX_outXcreatedXX
    Given the modern graph
    And the traversal of
      """
      g.V().coalesce(__.out('knows'), __.out('created'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[ripple] |
      | v[lop] |
      | v[lop] |

  Scenario: g_VXv3X_coalesceXvaluesXageX_constantXneg1XX
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).coalesce(__.values('age'), __.constant(-1))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[-1].i |

  Scenario: g_V_coalesceXhasXname_nobodyX_hasXage_99XX
    Given the modern graph
    And the traversal of
      """
      g.V().coalesce(__.has('name', 'nobody'), __.has('age', 99))
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv2X_optionalXoutX
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).optional(__.out())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_VXv1X_optionalXoutXknowsXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).optional(__.out('knows'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_V_hasLabelXpersonX_optionalXoutXcreatedXX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').optional(__.out('created')).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lop |
      | vadas |
      | ripple |
      | lop |
      | lop |

  Scenario: g_VXv2X_optionalXoutX_path
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).optional(__.out()).path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[vadas]] |

  Scenario: g_V_hasLabelXpersonX_localXoutE_limitX1XX_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').local(__.outE().limit(1)).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |

  Scenario: g_V_hasLabelXpersonX_localXout_valuesXnameX_order_limitX1XX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').local(__.out().values('name').order().limit(1))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | josh |
      | lop |
      | lop |

  Scenario: g_V_hasLabelXsoftwareX_localXinXcreatedX_countX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').local(__.in('created').count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |
      | d[1].l |

  Scenario: g_VXv4X_localXbothE_limitX2XX_count
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).local(__.bothE().limit(2)).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_hasLabelXpersonX_localXvaluesXnameX_foldX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').local(__.values('name', 'age').fold()).count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |
      | d[2].l |
      | d[2].l |
      | d[2].l |

  Scenario: g_V_hasLabelXpersonX_chooseXhasXage_gtX30XX_valuesXnameX_valuesXageXX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').choose(__.has('age', P.gt(30)), __.values('name'), __.values('age'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | josh |
      | peter |

  Scenario: g_V_chooseXlabelX_optionXperson_valuesXageXX_optionXsoftware_valuesXlangXX
    Given the modern graph
    And the traversal of
      """
      g.V().choose(T.label).option('person', __.values('age')).option('software', __.values('lang'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | d[32].i |
      | d[35].i |
      | java |
      | java |

  Scenario: g_V_chooseXvaluesXnameXX_optionXmarko_valuesXageXX_optionXnone_constantXotherXX
    Given the modern graph
    And the traversal of
      """
      g.V().choose(__.values('name')).option('marko', __.values('age')).option(Pick.none, __.constant('other'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | other |
      | other |
      | other |
      | other |
      | other |

  Scenario: g_V_hasLabelXpersonX_chooseXout_countX_optionX3_manyX_optionX0_noneX_optionXnone_otherX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').choose(__.out().count()).option(3L, __.constant('many')).option(0L, __.constant('none')).option(Pick.none, __.constant('other'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | many |
      | none |
      | other |
      | other |

  @doubt
  Scenario: g_V_chooseXhasLabelXpersonX_outXknowsXX
    Given the modern graph
    And the traversal of
      """
      g.V().choose(__.hasLabel('person'), __.out('knows'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_chooseXhasXlangX_constantXswX_constantXpersonXX
    Given the modern graph
    And the traversal of
      """
      g.V().choose(__.has('lang'), __.constant('sw'), __.constant('person'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | person |
      | person |
      | sw |
      | person |
      | sw |
      | person |

  Scenario: g_V_hasLabelXpersonX_chooseXvaluesXageX_isXgtX30XX_outXcreatedX_inXknowsXX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').choose(__.values('age').is(P.gt(30)), __.out('created'), __.in('knows')).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | ripple |
      | lop |
      | lop |
      | marko |

  Scenario: g_V_branchXlabelX_optionXperson_valuesXnameXX_optionXsoftware_valuesXlangXX
    Given the modern graph
    And the traversal of
      """
      g.V().branch(__.label()).option('person', __.values('name')).option('software', __.values('lang'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | java |
      | josh |
      | java |
      | peter |
