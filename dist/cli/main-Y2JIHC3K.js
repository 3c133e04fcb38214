import{f as a}from"./chunk-G7IPS7O5.js";import"./chunk-75LDLYBO.js";import"./chunk-TVFIWPKH.js";export{a as main};
