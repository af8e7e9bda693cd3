Feature: Step - values(), valueMap(), elementMap(), properties(), propertyMap(), id(), label(), key(), value(), constant(), identity(), math()

  Scenario: g_V_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | lop |
      | josh |
      | ripple |
      | peter |

  Scenario: g_V_valuesXageX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | d[32].i |
      | d[35].i |

  Scenario: g_VXv2X_valuesXname_ageX
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).values('name', 'age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | d[27].i |

  Scenario: g_VXv1X_values
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).values()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | d[29].i |

  Scenario: g_V_hasLabelXsoftwareX_valuesXlangX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').values('lang')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | java |
      | java |

  Scenario: g_VXv2X_valuesXlangX
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).values('lang')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_E_valuesXweightX
    Given the modern graph
    And the traversal of
      """
      g.E().values('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.5].d |
      | d[1.0].d |
      | d[0.4].d |
      | d[1.0].d |
      | d[0.4].d |
      | d[0.2].d |

  Scenario: g_VXv1X_outEXknowsX_valuesXweightX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE('knows').values('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.5].d |
      | d[1.0].d |

  Scenario: g_VXv1X_valueMap
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).valueMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["marko"], "age": ["d[29].i"]}] |

  Scenario: g_VXv3X_valueMapXnameX
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).valueMap('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["lop"]}] |

  Scenario: g_VXv1X_valueMapXname_age_langX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).valueMap('name', 'age', 'lang')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["marko"], "age": ["d[29].i"]}] |

  Scenario: g_V_hasLabelXsoftwareX_valueMap
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').valueMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["lop"], "lang": ["java"]}] |
      | m[{"name": ["ripple"], "lang": ["java"]}] |

  Scenario: g_V_hasLabelXpersonX_valueMapXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').valueMap('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["marko"]}] |
      | m[{"name": ["vadas"]}] |
      | m[{"name": ["josh"]}] |
      | m[{"name": ["peter"]}] |

  Scenario: g_VXv1X_valueMapXtrueX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).valueMap(true)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"t[id]": "v[marko].id", "t[label]": "person", "name": ["marko"], "age": ["d[29].i"]}] |

  Scenario: g_VXv1X_valueMap_byXunfoldX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).valueMap().by(__.unfold())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": "marko", "age": "d[29].i"}] |

  Scenario: g_EXe7X_valueMap
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).valueMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"weight": "d[0.5].d"}] |

  Scenario: g_VXv1X_elementMap
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).elementMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"t[id]": "v[marko].id", "t[label]": "person", "name": "marko", "age": "d[29].i"}] |

  Scenario: g_VXv3X_elementMapXnameX
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).elementMap('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"t[id]": "v[lop].id", "t[label]": "software", "name": "lop"}] |

  Scenario: g_V_hasLabelXsoftwareX_elementMap
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').elementMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"t[id]": "v[lop].id", "t[label]": "software", "name": "lop", "lang": "java"}] |
      | m[{"t[id]": "v[ripple].id", "t[label]": "software", "name": "ripple", "lang": "java"}] |

  Scenario: g_EXe7X_elementMap
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).elementMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"t[id]": "e[marko-knows->vadas].id", "t[label]": "knows", "IN": {"t[id]": "v[vadas].id", "t[label]": "person"}, "OUT": {"t[id]": "v[marko].id", "t[label]": "person"}, "weight": "d[0.5].d"}] |

  Scenario: g_VXv1X_properties_key
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties().key()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | name |
      | age |

  Scenario: g_VXv1X_properties_value
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties().value()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | d[29].i |

  Scenario: g_VXv1X_propertiesXnameX_value
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties('name').value()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |

  Scenario: g_VXv4X_propertiesXageX_value
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).properties('age').value()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[32].i |

  Scenario: g_VXv1X_properties_count
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_VXv1X_propertiesXname_ageX_key
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties('name', 'age').key()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | name |
      | age |

  Scenario: g_V_propertiesXlangX_count
    Given the modern graph
    And the traversal of
      """
      g.V().properties('lang').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_EXe7X_properties_value
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).properties().value()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.5].d |

  Scenario: g_EXe7X_properties_key
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).properties().key()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | weight |

  Scenario: g_VXv1X_propertyMap_countXlocalX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).propertyMap().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_VXv1X_propertyMap_selectXkeysX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).propertyMap().select(Column.keys)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[name,age] |

  Scenario: g_VXv3X_propertyMapXlangX_selectXkeysX
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).propertyMap('lang').select(Column.keys)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[lang] |

  Scenario: g_VXv1X_id
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).id()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko].id |

  Scenario: g_V_hasLabelXsoftwareX_id
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').id()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop].id |
      | v[ripple].id |

  Scenario: g_E_hasLabelXknowsX_id
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('knows').id()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas].id |
      | e[marko-knows->josh].id |

  Scenario: g_V_label
    Given the modern graph
    And the traversal of
      """
      g.V().label()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | person |
      | person |
      | software |
      | person |
      | software |
      | person |

  Scenario: g_E_label
    Given the modern graph
    And the traversal of
      """
      g.E().label()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | knows |
      | knows |
      | created |
      | created |
      | created |
      | created |

  Scenario: g_VXv1X_outE_label
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().label()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | knows |
      | knows |
      | created |

  Scenario: g_V_constantXxX
    Given the modern graph
    And the traversal of
      """
      g.V().constant('x')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | x |
      | x |
      | x |
      | x |
      | x |
      | x |

  Scenario: g_VXv1X_constantX123X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).constant(123)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[123].i |

  Scenario: g_V_hasLabelXsoftwareX_constantXlistX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').constant([1, 2])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[d[1].i,d[2].i] |
      | l[d[1].i,d[2].i] |

  Scenario: g_VXv1X_identity
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).identity()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_V_hasLabelXsoftwareX_identity_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').identity().values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lop |
      | ripple |

  Scenario: g_injectXa_bX_identity
    Given the modern graph
    And the traversal of
      """
      g.inject('a', 'b').identity()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | a |
      | b |

  Scenario: g_V_valuesXageX_mathX_plus_1X
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').math('_ + 1')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30].d |
      | d[28].d |
      | d[33].d |
      | d[36].d |

  Scenario: g_V_hasLabelXpersonX_valuesXageX_mathX_div_2X
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').values('age').math('_ / 2')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[14.5].d |
      | d[13.5].d |
      | d[16].d |
      | d[17.5].d |

  Scenario: g_injectX2_3X_mathX_mult_X
    Given the modern graph
    And the traversal of
      """
      g.inject(2, 3).math('_ * _')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].d |
      | d[9].d |

  Scenario: g_injectX16X_mathXsqrt_X
    Given the modern graph
    And the traversal of
      """
      g.inject(16).math('sqrt(_)')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].d |

  Scenario: g_injectX1X_mathXabsXneg3X_plus_2X
    Given the modern graph
    And the traversal of
      """
      g.inject(1).math('abs(-3) + 2')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[5].d |

  Scenario: g_VXv1X_asXaX_outXknowsX_asXbX_mathXa_minus_bX_byXageX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('knows').as('b').math('a - b').by('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].d |
      | d[-3].d |

  Scenario: g_E_mathX_mult_10X_byXweightX
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('knows').math('_ * 10').by('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[5].d |
      | d[10].d |

  Scenario: g_VXv1X_valuesXnameX_mapXconstantXyXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).values('name').map(__.constant('y'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | y |

  Scenario: g_VXv1X_outXknowsX_mapXvaluesXnameXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out('knows').map(__.values('name'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | josh |

  Scenario: g_VXv1X_flatMapXoutX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).flatMap(__.out())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
